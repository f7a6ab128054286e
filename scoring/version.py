"""The engine's version, reported with every score."""

from importlib.metadata import PackageNotFoundError, version

try:
    ENGINE_VERSION = version("provenance-lens")
except PackageNotFoundError:  # running from a source tree that is not installed
    ENGINE_VERSION = "0.0.0+local"
