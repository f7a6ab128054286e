"""The part of the build pyproject.toml cannot declare: the engine's passes in C. Each is
optional: where one cannot be compiled, the install goes on without it and the engine runs the
same pass in Python, with the same results.

- scoring._markup, the markup scan of scoring.limits;
- scoring._tokens, word scans of texts: the outlet-name search of scoring.data and the
  policy-link search of scoring.extract.outlet;
- scoring._tree, the head's metadata, the class index, the skipped regions and the text
  blocks of scoring.document, which read lxml's tree through lxml's public C API (its headers
  ship with lxml, which the build therefore requires).
"""

from setuptools import Extension, setup


def _lxml_include() -> list[str]:
    try:
        import lxml
    except ImportError:  # then the class index is read in Python
        return []
    return lxml.get_include()


setup(
    ext_modules=[
        Extension("scoring._markup", ["scoring/_markup.c"], optional=True),
        Extension("scoring._tokens", ["scoring/_tokens.c"], optional=True),
        Extension(
            "scoring._tree", ["scoring/_tree.c"], include_dirs=_lxml_include(), optional=True
        ),
    ]
)
