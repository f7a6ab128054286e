"""The one part of the build pyproject.toml cannot declare: scoring._markup, the markup scan in
C. It is optional: where it cannot be compiled, the install goes on without it and
scoring.limits reads markup in Python instead, with the same results."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("scoring._markup", ["scoring/_markup.c"], optional=True)])
