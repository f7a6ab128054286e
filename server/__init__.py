"""Provenance Lens backend: Flask app, safe fetcher, cache, limits and the CLI."""
