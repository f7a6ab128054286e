"""The `provenance` command: score a page, serve the API, inspect rules, measure the engine."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from scoring import ConfigError, load_config, score_html
from scoring.config import Config, resolve_config_path
from scoring.tools.corpus import CorpusError

CONFIG_HELP = "an admin config file layered on the defaults (default: $PROVENANCE_CONFIG, if set)"


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


def _backend_arguments(p: argparse.ArgumentParser, module: str) -> None:
    """The command's own arguments, or, without the [server] extra, a message saying so."""
    try:
        backend = importlib.import_module(module)
    except ImportError as e:
        missing = e.name

        def needs_extra(args: argparse.Namespace) -> int:
            print(
                f"provenance: this command needs the server's dependencies ({missing} is not "
                "installed): pip install 'provenance-lens[server]'",
                file=sys.stderr,
            )
            return 1

        p.add_argument("ignored", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
        p.set_defaults(func=needs_extra)
        return
    backend.add_arguments(p)


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
    p.add_argument("--config", help=CONFIG_HELP)
    p.add_argument("--timeout", type=float, default=15.0, help="fetch timeout in seconds")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("serve", help="run the HTTP API")
    _backend_arguments(p, "server.serve")
    p = sub.add_parser(
        "worker", help="check outlets, lead images and cited links in the background (needs Redis)"
    )
    _backend_arguments(p, "server.worker")

    p = sub.add_parser("rules", help="inspect and check scoring rules")
    rules = p.add_subparsers(metavar="ACTION")
    r = rules.add_parser("list", help="print the effective rules, caps, bands and rules_version")
    r.add_argument("--config", help=CONFIG_HELP)
    r.add_argument("--json", action="store_true", help="print what GET /v1/rules returns")
    r.set_defaults(func=cmd_rules_list)
    r = rules.add_parser(
        "check",
        help="validate an admin config file and the data files it names; exit 0 or 1",
        description="Validate an admin config file, and the outlet lists and ratings files it "
        "names, without starting anything. Every problem is reported at once, with its file, "
        "line and TOML path. Exits 0 when the file is valid, 1 when it is not.",
    )
    r.add_argument("file")
    r.set_defaults(func=cmd_rules_check)
    r = rules.add_parser(
        "diff",
        help="what a config change does to the scores of a corpus",
        description="Score every page of one or more corpora under two configs (each page is "
        "parsed once) and show the pages whose rating band changes, the distribution of score "
        "changes and the hits per rule. Exits 0; with --fail-on-band-change, 1 when a page "
        "changes band; 2 when a config or corpus cannot be read.",
    )
    r.add_argument("--config", required=True, metavar="NEW", help="the admin config to try")
    r.add_argument(
        "--base",
        metavar="OLD",
        help="the config to compare with (default: $PROVENANCE_CONFIG if set, else the shipped "
        "defaults)",
    )
    r.add_argument(
        "corpus", nargs="+", help="a folder with labels.jsonl and pages/*.html.gz (one or more)"
    )
    r.add_argument("--limit", type=int, metavar="N", help="only the first N pages of each corpus")
    r.add_argument("--json", action="store_true", help="print the diff as JSON")
    r.add_argument(
        "--plot",
        metavar="FILE",
        help="also write the charts and band changes to FILE as a self-contained HTML page "
        "(inline SVG, opens offline; no PNG: that would need a plotting library)",
    )
    r.add_argument(
        "--fail-on-band-change",
        action="store_true",
        help="exit 1 when any page changes rating band (for an admin's CI)",
    )
    r.set_defaults(func=cmd_rules_diff)
    r = rules.add_parser(
        "docs", help="print the rules reference (docs/rules.md) generated from the registry"
    )
    r.set_defaults(func=cmd_rules_docs)

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
    return load_config(path or None)  # None: PROVENANCE_CONFIG, else the shipped defaults


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
    print(f"{'threshold':<28} value")
    for key, value in data["thresholds"].items():
        print(f"{key:<28} {value:g}")
    print()
    print(f"{'band':<12} {'min':>5}  label")
    for b in data["bands"]:
        print(f"{b['id']:<12} {b['min']:>5g}  {b['label']}")
    lists = data["data"]["outlet_lists"]
    sources = data["data"]["rating_sources"]
    if any(lists.values()) or sources:
        print()
        print("outlet lists: " + ", ".join(f"{k} {n}" for k, n in lists.items()))
        print("ratings: " + (", ".join(f"{s} {n}" for s, n in sources.items()) or "none"))
    return 0


def cmd_rules_check(args: argparse.Namespace) -> int:
    from scoring.config import check_config

    problems = check_config(args.file)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {args.file}")
        return 1
    config = load_config(args.file)
    print(f"{args.file}: OK (rules_version {config.rules_version})")
    for source in config.sources[1:]:
        print(f"  reads {source}")
    return 0


def cmd_rules_diff(args: argparse.Namespace) -> int:
    from scoring.tools.config_diff import diff_configs, format_diff
    from scoring.tools.corpus import progress, read_corpus

    if args.plot and not args.plot.lower().endswith((".html", ".htm")):
        print("provenance: --plot writes HTML: name the file *.html", file=sys.stderr)
        return 2
    try:
        new = load_config(args.config)
        base = load_config(args.base or None)
        pages = [
            (corpus, page)
            for corpus in args.corpus
            for page in read_corpus(Path(corpus), limit=args.limit)
        ]
    except ConfigError as e:
        print(str(e), file=sys.stderr)
        return 2
    except CorpusError as e:
        print(f"provenance: {e}", file=sys.stderr)
        return 2
    base_name = args.base or resolve_config_path() or "shipped defaults"
    result = diff_configs(
        progress(pages, "scoring"), base, new, base_name=base_name, new_name=args.config
    )
    if args.plot:
        from scoring.tools.diff_chart import diff_html

        Path(args.plot).write_text(diff_html(result), encoding="utf-8")
    print(json.dumps(result.to_dict(), indent=2) if args.json else format_diff(result))
    if args.plot and not args.json:
        print(f"\nchart written to {args.plot}")
    return 1 if args.fail_on_band_change and result.band_changes else 0


def cmd_rules_docs(args: argparse.Namespace) -> int:
    from scoring.tools.rule_docs import rules_markdown

    sys.stdout.write(rules_markdown())
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from scoring.tools.evaluation import evaluate, format_evaluation

    result = evaluate(Path(args.corpus), limit=args.limit, reference=not args.no_reference)
    print(json.dumps(result, indent=2) if args.json else format_evaluation(result))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from scoring.tools.benchmark import bench, format_bench

    result = bench(
        Path(args.corpus), limit=args.limit, repeat=args.repeat, reference=not args.no_reference
    )
    print(format_bench(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
