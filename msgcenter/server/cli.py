"""`msgcenter-server`: serve, migrate, create-account, seed, publish, demo."""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import dataclasses
import json
import os
import random
import signal
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable

import sqlalchemy as sa
from fastapi import FastAPI

import msgcenter
from msgcenter import catalog
from msgcenter.server import schema, seed
from msgcenter.server.app import create_app
from msgcenter.server.config import ServerConfig
from msgcenter.server.errors import ApiError
from msgcenter.server.runner import bind, url_of, uvicorn_server
from msgcenter.server.store import Store, engine_for
from msgcenter.server.timefmt import now_ms

DEFAULT_DB = "msgcenter-server.db"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="msgcenter-server", description=__doc__)
    parser.add_argument("--version", action="version", version=msgcenter.__version__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the server")
    _serve_options(serve, port=8080)
    serve.add_argument(
        "--db", default=DEFAULT_DB, help="SQLite file, or a PostgreSQL URL (postgresql://...)"
    )

    migrate = commands.add_parser("migrate", help="bring the database's schema up to date")
    migrate.add_argument("--db", default=DEFAULT_DB)
    migrate.add_argument("--revision", help="upgrade to this revision (default: the newest)")

    create = commands.add_parser("create-account", help="create an account (password on stdin)")
    create.add_argument("--db", default=DEFAULT_DB)
    create.add_argument("name")

    seeder = commands.add_parser("seed", help="add a year of realistic messages to an account")
    seeder.add_argument("--db", default=DEFAULT_DB)
    seeder.add_argument("--account", required=True)
    seeder.add_argument("--messages", type=int, required=True)
    seeder.add_argument("--seed", type=int, default=1, help="random seed")

    publish = commands.add_parser("publish", help="publish a message through the admin API")
    publish.add_argument("--url", required=True)
    publish.add_argument("--admin-token", default=os.environ.get("MSGCENTER_ADMIN_TOKEN"))
    publish.add_argument("--account", required=True)
    publish.add_argument("--category", required=True, choices=catalog.CATEGORY_IDS)
    publish.add_argument("--type", required=True, choices=[t.id for t in catalog.MESSAGE_TYPES])
    publish.add_argument("--title", required=True)
    publish.add_argument("--body", default="")

    _demo_parser(commands)

    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ApiError as error:
        print(f"msgcenter-server: {error.detail}", file=sys.stderr)
        return 1
    except (OSError, LookupError, ValueError, schema.SchemaError) as error:
        print(f"msgcenter-server: {error}", file=sys.stderr)
        return 1
    except sa.exc.OperationalError as error:
        reason = (str(error.orig).strip().splitlines() or ["no answer"])[0]
        print(f"msgcenter-server: the database does not answer: {reason}", file=sys.stderr)
        return 1


def _demo_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = commands.add_parser("demo", help="serve a demo account (demo / demo) with live traffic")
    _serve_options(demo, port=8080)
    demo.add_argument("--db", default=None, help="default: a new file in a temporary folder")
    demo.add_argument("--messages", type=int, default=3000)
    demo.add_argument(
        "--publish-interval",
        type=float,
        nargs=2,
        default=(20.0, 60.0),
        metavar=("MIN", "MAX"),
        help="seconds between published demo messages (default 20 60)",
    )
    demo.add_argument(
        "--first-message-after",
        type=_positive,
        default=None,
        metavar="SECONDS",
        help="publish the first demo message this soon (default: one interval)",
    )
    demo.add_argument(
        "--stop-with-stdin",
        action="store_true",
        help="stop when standard input closes (the desktop client's demo: it ends with its app)",
    )


def _serve_options(parser: argparse.ArgumentParser, port: int) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="default: loopback only")
    parser.add_argument("--port", type=int, default=port, help="0 picks a free port")
    token = parser.add_mutually_exclusive_group()
    token.add_argument(
        "--admin-token", help="visible to every local user in ps: prefer --admin-token-file"
    )
    token.add_argument(
        "--admin-token-file",
        metavar="PATH",
        help="read the admin token from this file (default: $MSGCENTER_ADMIN_TOKEN, if set)",
    )
    parser.add_argument("--heartbeat", type=float, default=15.0, help="seconds between pings")
    parser.add_argument("--tombstone-days", type=float, default=30.0)
    parser.add_argument("--poll-interval", type=int, default=60, help="X-Poll-Interval, seconds")
    for option, kind, default, text in _LIMITS:
        parser.add_argument(option, type=kind, default=default, help=text)


def _count(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"must be a whole number from 0 to 1000: {text}")
    return value


def _positive(text: str) -> float:
    value = float(text)
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds or days: {text}")
    return value


# The limits `serve` and `demo` take: (option, type, default, help).
_LIMITS: tuple[tuple[str, Callable[[str], float], float, str], ...] = (
    ("--token-idle-days", _positive, 30.0, "a token unused this long expires"),
    ("--header-timeout", _positive, 10.0, "seconds for a request's headers to arrive (default 10)"),
    (
        "--keep-alive-timeout",
        _positive,
        30.0,
        "seconds an idle kept-alive connection stays open (default 30)",
    ),
    ("--pool-size", _count, 20, "database connections kept open (default 20)"),
    (
        "--max-overflow",
        _count,
        20,
        "database connections opened besides when all are busy (default 20)",
    ),
)


def _admin_token(args: argparse.Namespace) -> str | None:
    """From --admin-token-file, --admin-token (with a warning) or MSGCENTER_ADMIN_TOKEN."""
    if args.admin_token_file:
        with open(args.admin_token_file, encoding="utf-8") as file:
            token = file.read(4096).strip()
        if not token:
            raise OSError(f"{args.admin_token_file}: the admin token file is empty")
        return token
    if args.admin_token:
        print(
            "msgcenter-server: warning: --admin-token shows the token to every local user (ps); "
            "use --admin-token-file or MSGCENTER_ADMIN_TOKEN",
            file=sys.stderr,
            flush=True,
        )
        return str(args.admin_token)
    return os.environ.get("MSGCENTER_ADMIN_TOKEN") or None


def _config(args: argparse.Namespace, db: str) -> ServerConfig:
    return ServerConfig(
        db=db,
        admin_token=_admin_token(args),
        heartbeat=args.heartbeat,
        tombstone_days=args.tombstone_days,
        poll_interval=args.poll_interval,
        header_timeout=args.header_timeout,
        keep_alive_timeout=args.keep_alive_timeout,
        token_idle_days=args.token_idle_days,
        pool_size=args.pool_size,
        max_overflow=args.max_overflow,
    )


def _give_back_large_blocks() -> None:
    """glibc: blocks of 1 MiB and more always come from mmap, so freeing them returns the memory.

    By default glibc raises that threshold after the first large free, and later 16 MB scrypt
    buffers then stay in the per-thread heaps: a burst of sign-ins left 120 MB behind."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to tune
        ctypes.CDLL(None).mallopt(-3, 1 << 20)  # M_MMAP_THRESHOLD


def _serve(args: argparse.Namespace, config: ServerConfig, app: FastAPI | None = None) -> int:
    """Serve until stopped; "listening on" is printed only once the server answers."""
    _give_back_large_blocks()
    app = app or create_app(config)  # the database is reachable and its schema right
    sock = bind(args.host, args.port)
    server = uvicorn_server(
        config,
        app,
        on_started=lambda: print(f"Message Center server listening on {url_of(sock)}", flush=True),
    )
    server.run(sockets=[sock])
    return 0 if server.started else 1


def cmd_serve(args: argparse.Namespace) -> int:
    return _serve(args, _config(args, args.db))


def cmd_migrate(args: argparse.Namespace) -> int:
    engine = engine_for(args.db)
    try:
        before, after = schema.migrate(engine, args.revision)
    finally:
        engine.dispose()
    if before == after:
        print(f"the database schema is at revision {after}: nothing to do")
    else:
        print(f"the database schema went from revision {before or '(none)'} to {after}")
    return 0


def cmd_create_account(args: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\r\n")
    store = Store(engine_for(args.db))
    try:
        account = store.create_account(args.name, password)
    finally:
        store.database.close()
    print(f"created account {account.name} ({account.id})")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    store = Store(engine_for(args.db))
    count = seed.seed_messages(store, args.account, args.messages, args.seed)
    store.database.analyze()  # the planner's statistics now, not when autovacuum gets to them
    print(f"added {count} messages to {args.account} in {time.perf_counter() - started:.1f} s")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    if not args.admin_token:
        print("msgcenter-server: --admin-token or MSGCENTER_ADMIN_TOKEN is needed", file=sys.stderr)
        return 2
    body = {
        "account": args.account,
        "category": args.category,
        "type": args.type,
        "title": args.title,
        "body": args.body,
    }
    request = urllib.request.Request(
        args.url.rstrip("/") + "/v1/admin/messages",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {args.admin_token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            message = json.load(response)
    except urllib.error.HTTPError as error:
        problem = json.loads(error.read() or b"{}")
        print(f"msgcenter-server: {error.code} {problem.get('detail', '')}", file=sys.stderr)
        return 1
    except urllib.error.URLError as error:
        print(f"msgcenter-server: cannot reach {args.url}: {error.reason}", file=sys.stderr)
        return 1
    print(json.dumps(message, ensure_ascii=False))
    return 0


def prepare_demo(store: Store, messages: int) -> None:
    """The demo account (demo / demo) with its history, contacts and groups, made once."""
    if store.account_by_name("demo") is not None:
        return
    store.create_account("demo", "demo", mobile="13800138000", email="demo@example.com")
    seed.seed_messages(store, "demo", messages)
    seed.seed_contacts_and_groups(store, "demo")


def start_demo_publisher(
    store: Store,
    interval: tuple[float, float],
    stop: threading.Event,
    first_after: float | None = None,
) -> threading.Thread:
    """A thread that publishes a realistic message to the demo account every MIN–MAX seconds
    (the first one after `first_after` seconds, when given: a demo shows one soon)."""
    account = store.account_by_name("demo")
    assert account is not None
    rng = random.Random()

    def publish_forever() -> None:
        wait = first_after if first_after is not None else rng.uniform(*interval)
        while not stop.wait(wait):
            wait = rng.uniform(*interval)
            message = seed.random_message(rng, now_ms(), "demo")
            store.messages.publish(
                account.id, message["category"], message["type"], message["title"], message["body"]
            )

    thread = threading.Thread(target=publish_forever, name="demo-publisher", daemon=True)
    thread.start()
    return thread


def cmd_demo(args: argparse.Namespace) -> int:
    db = args.db or os.path.join(tempfile.mkdtemp(prefix="msgcenter-demo-"), "demo.db")
    config = dataclasses.replace(_config(args, db), upgrade_schema=True)  # the demo's own file
    app = create_app(config)
    store: Store = app.state.store
    prepare_demo(store, args.messages)
    stop = threading.Event()
    start_demo_publisher(store, tuple(args.publish_interval), stop, args.first_message_after)
    _say_deliveries(store, stop)
    if args.stop_with_stdin:
        _stop_when_stdin_closes()
    print(f"demo database: {db}; account demo, password demo", flush=True)
    try:
        return _serve(args, config, app)
    finally:
        stop.set()


def _say_deliveries(store: Store, stop: threading.Event) -> None:
    """A thread that prints each SMS and mail the demo "sends" (its delivery log), one line each:
    `sent by sms to 13800138000: …`. The verification codes are there to read and type."""
    account = store.account_by_name("demo")
    assert account is not None

    def watch() -> None:
        seen = len(store.deliveries(account.id))
        while not stop.wait(0.2):
            for delivery in store.deliveries(account.id, skip=seen):
                seen += 1
                text = " ".join(str(delivery["text"]).split())[:500]
                try:
                    print(f"sent by {delivery['channel']} to {delivery['to']}: {text}", flush=True)
                except (BrokenPipeError, ValueError):  # nobody reads any more: ending too
                    return

    threading.Thread(target=watch, name="demo-deliveries", daemon=True).start()


def _stop_when_stdin_closes() -> None:
    """A thread that stops the server gracefully (as `kill` would) once standard input reaches
    its end: the process that started it has ended, whichever way it ended."""

    def watch() -> None:
        # os.read, not sys.stdin: a thread still inside a buffered read when the process ends
        # holds the buffer's lock, and the interpreter aborts on it.
        while os.read(0, 4096):
            pass
        signal.raise_signal(signal.SIGTERM)

    threading.Thread(target=watch, name="stdin-watch", daemon=True).start()


COMMANDS = {
    "serve": cmd_serve,
    "migrate": cmd_migrate,
    "create-account": cmd_create_account,
    "seed": cmd_seed,
    "publish": cmd_publish,
    "demo": cmd_demo,
}
