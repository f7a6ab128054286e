"""The `provenance` command: score a page, serve the API, inspect rules, measure the engine."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scoring import ConfigError, load_config, score_html
from scoring.config import Config
from scoring.corpus import CorpusError


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except ConfigError as e:
        print(str(e), file=sys.stderr)
        return 1
    except CorpusError as e:
        print(f"provenance: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="provenance",
        description="Score how traceable a news article is (not whether it is true).",
    )
    sub = parser.add_subparsers(metavar="COMMAND")

    p = sub.add_parser("score", help="score a URL or a saved HTML file")
    p.add_argument("target", help="an http(s) URL to fetch, or a path to an HTML file")
    p.add_argument("--url", help="the URL the file was served at (for a file)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--config", help="an admin config file layered on the defaults")
    p.add_argument("--timeout", type=float, default=15.0, help="fetch timeout in seconds")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("serve", help="run the HTTP API")
    from server.serve import add_arguments as add_serve_arguments

    add_serve_arguments(p)

    p = sub.add_parser("worker", help="check outlets' own pages in the background (needs Redis)")
    from server.worker import add_arguments as add_worker_arguments

    add_worker_arguments(p)

    p = sub.add_parser("worker", help="check outlets' own pages in the background (needs Redis)")
    from server.worker import add_arguments as add_worker_arguments

    add_worker_arguments(p)

    p = sub.add_parser("rules", help="inspect and check scoring rules")
    rules = p.add_subparsers(metavar="ACTION")
    r = rules.add_parser("list", help="print the effective rules, caps, bands and rules_version")
    r.add_argument("--config", help="an admin config file layered on the defaults")
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=cmd_rules_list)
    r = rules.add_parser("check", help="validate an admin config file; exit 0 or 1")
    r.add_argument("file")
    r.set_defaults(func=cmd_rules_check)

    p = sub.add_parser("evaluate", help="extraction accuracy and score separation on a corpus")
    p.add_argument("corpus", help="a folder with labels.jsonl and pages/*.html.gz")
    p.add_argument("--limit", type=int, help="only the first N pages")
    p.add_argument("--no-reference", action="store_true", help="skip the reference extractor")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("bench", help="time score_html against a bare parse and a reference")
    p.add_argument("corpus", help="a folder with labels.jsonl and pages/*.html.gz")
    p.add_argument("--limit", type=int, help="only the first N pages")
    p.add_argument("--repeat", type=int, default=3, help="timed passes over the pages")
    p.add_argument("--no-reference", action="store_true", help="skip the reference extractor")
    p.set_defaults(func=cmd_bench)
    return parser


def _config(path: str | None) -> Config:
    return load_config(path) if path else load_config()


def cmd_score(args: argparse.Namespace) -> int:
    config = _config(args.config)
    target: str = args.target
    if target.startswith(("http://", "https://")):
        from server.simple_fetch import SimpleFetchError, fetch_page

        try:
            html, final_url = fetch_page(target, timeout=args.timeout)
        except SimpleFetchError as e:
            print(f"provenance: cannot fetch {target}: {e}", file=sys.stderr)
            return 1
        url = args.url or final_url
    else:
        path = Path(target)
        try:
            html = path.read_bytes()
        except OSError as e:
            print(f"provenance: cannot read {target}: {e.strerror}", file=sys.stderr)
            return 1
        url = args.url or path.resolve().as_uri()
    report = score_html(html, url, config)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(report.as_text())
    return 0


def cmd_rules_list(args: argparse.Namespace) -> int:
    config = _config(args.config)
    data = config.to_dict()
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    print(f"rules_version {data['rules_version']}")
    print()
    print(f"{'group':<12} {'max':>5}  label")
    for g in data["groups"]:
        print(f"{g['id']:<12} {g['max']:>5g}  {g['label']}")
    print()
    print(f"{'weight':>6}  {'rule':<28} {'group':<11} description")
    for r in data["rules"]:
        print(f"{r['weight']:>+6g}  {r['id']:<28} {r['group']:<11} {r['description']}")
    print()
    print("bands: " + ", ".join(f"{b['id']} >= {b['min']:g}" for b in data["bands"]))
    return 0


def cmd_rules_check(args: argparse.Namespace) -> int:
    from scoring.config import check_config

    problems = check_config(args.file)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {args.file}")
        return 1
    print(f"{args.file}: OK (rules_version {load_config(args.file).rules_version})")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from scoring.evaluation import evaluate, format_evaluation

    result = evaluate(Path(args.corpus), limit=args.limit, reference=not args.no_reference)
    print(json.dumps(result, indent=2) if args.json else format_evaluation(result))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from scoring.benchmark import bench, format_bench

    result = bench(
        Path(args.corpus), limit=args.limit, repeat=args.repeat, reference=not args.no_reference
    )
    print(format_bench(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
