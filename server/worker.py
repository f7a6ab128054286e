"""`provenance worker`: an RQ worker that checks outlets' own policy pages, reads lead
images' Content Credentials and checks the links articles cite.

It reads the same settings as `provenance serve` (the admin file's [server] table, then
PROVENANCE_* variables) and needs Redis: the API instances queue checks there, the workers
take them, and the profiles they write are read back by every API instance.
"""

from __future__ import annotations

import argparse
import sys

from server.settings import SettingsError, load_settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", help="admin config file: scoring rules and a [server] table")
    p.add_argument("--redis-url", help="the Redis the API instances queue checks on")
    p.add_argument("--burst", action="store_true", help="exit once the queue is empty")
    p.add_argument("--max-jobs", type=int, help="exit after this many checks")
    p.add_argument("--name", help="a name for this worker (default: host and process id)")
    p.add_argument("--log-level", choices=["debug", "info", "warning", "error"])
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from redis import Redis
    from rq import Queue, Worker

    from server import citation_checks, image_checks, logs
    from server.outlets import QUEUE_NAME, configure_worker
    from server.redis_link import RedisLink, connect

    overrides = {"redis_url": args.redis_url, "log_level": args.log_level}
    try:
        settings = load_settings(args.config, overrides=overrides)
    except SettingsError as e:
        print(e, file=sys.stderr)
        return 1
    if not settings.redis_url:
        print(
            "provenance: the worker needs Redis (--redis-url or PROVENANCE_REDIS_URL); "
            "without it `provenance serve` checks outlets itself",
            file=sys.stderr,
        )
        return 1
    logs.configure(settings.log_level)
    # The queue connection blocks while it waits for work: no short socket timeout on it.
    connection = Redis.from_url(settings.redis_url)
    configure_worker(settings, RedisLink(connect(settings.redis_url)))
    image_checks.configure_worker(settings, RedisLink(connect(settings.redis_url)))
    citation_checks.configure_worker(settings, RedisLink(connect(settings.redis_url)))
    worker = Worker([Queue(QUEUE_NAME, connection=connection)], name=args.name)
    print(
        f"provenance: worker {worker.name} checking outlets, images and cited links "
        f"from queue {QUEUE_NAME}",
        file=sys.stderr,
    )
    worker.work(
        burst=args.burst,
        max_jobs=args.max_jobs,
        logging_level=settings.log_level.upper(),
        with_scheduler=False,
    )
    return 0
