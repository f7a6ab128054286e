"""Tools that drive a running backend: the load test."""
