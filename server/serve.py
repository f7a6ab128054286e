"""`provenance serve`: placeholder until the backend lands; it runs Flask's development server."""

from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--bind", default="127.0.0.1:8000")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    raise SystemExit("the backend is not built yet")
