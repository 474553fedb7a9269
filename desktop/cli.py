"""The command line: `msgcenter [options] [login | sync | unread | logout]`.

Without a command, the window opens. Commands print one line on failure (no traceback) and exit
non-zero.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from logging.handlers import RotatingFileHandler

import msgcenter
from desktop.api.errors import ApiError
from desktop.cache.store import Cache, CacheError
from desktop.paths import BadProfileName, Paths, paths_for
from desktop.session import NotSignedIn, Session
from desktop.sync.engine import SyncEngine
from msgcenter import catalog


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--profile", default=argparse.SUPPRESS, help="account profile (default)")
    parser = argparse.ArgumentParser(
        prog="msgcenter",
        description="Message Center: your cloud account's messages on the desktop.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"msgcenter {msgcenter.__version__}")
    parser.add_argument("--server", help="server URL for the sign-in dialog")
    parser.add_argument("--minimized", action="store_true", help="start in the tray")
    parser.add_argument(
        "--demo", action="store_true", help="run the reference server in-process with demo data"
    )
    commands = parser.add_subparsers(dest="command")
    login = commands.add_parser("login", parents=[common], help="sign in and keep the token")
    login.add_argument("--server", required=True)
    login.add_argument("--username", required=True)
    login.add_argument(
        "--password-stdin", action="store_true", required=True, help="read the password from stdin"
    )
    commands.add_parser("sync", parents=[common], help="one catch-up and outbox flush")
    unread = commands.add_parser("unread", parents=[common], help="unread counts from the cache")
    unread.add_argument("--json", action="store_true")
    commands.add_parser("logout", parents=[common], help="revoke and forget the token")
    return parser


def setup_logging(paths: Paths) -> None:
    """Rotating logs under the profile's log folder; tokens and passwords are never logged."""
    paths.ensure()
    handler = RotatingFileHandler(paths.log_file, maxBytes=1_000_000, backupCount=3)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("urllib3").setLevel(logging.WARNING)


def fail(message: str, status: int = 1) -> int:
    print(f"msgcenter: {message}", file=sys.stderr)
    return status


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        paths = paths_for(getattr(args, "profile", "default"))
    except BadProfileName as error:
        return fail(str(error), 2)
    setup_logging(paths)
    if args.command is None:
        from desktop.app import run_app

        return run_app(args, paths)
    try:
        return COMMANDS[args.command](args, paths)
    except NotSignedIn as error:
        return fail(str(error))
    except ApiError as error:
        return fail(error.message)
    except CacheError as error:
        return fail(str(error))
    except KeyboardInterrupt:
        return fail("interrupted", 130)


def cmd_login(args: argparse.Namespace, paths: Paths) -> int:
    from desktop.keychain import TokenStore

    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        return fail("no password on standard input", 2)
    tokens = TokenStore()
    session = Session(paths, tokens)
    client = session.sign_in(args.server, args.username, password)
    client.close()
    assert session.account is not None
    print(f"Signed in to {session.account.server} as {session.account.username}.")
    if tokens.warning:
        print(f"Warning: {tokens.warning}", file=sys.stderr)
    return 0


def cmd_sync(args: argparse.Namespace, paths: Paths) -> int:
    session = Session(paths)
    client = session.client()
    cache, rebuilt = Cache.open_or_rebuild(paths.cache_file)
    cache.close()
    if rebuilt:
        print(rebuilt, file=sys.stderr)
    engine = SyncEngine(paths.cache_file, client)
    try:
        summary = engine.catch_up()
        flushed = engine.flush_outbox()
        if flushed.sent:
            summary.merge(engine.catch_up())
        counts = engine.cache.unread_counts()
        waiting = engine.cache.outbox_size()
    finally:
        engine.stop()
    parts = [
        f"{len(summary.messages_added)} new messages",
        f"{summary.messages_changed} updated",
        f"{summary.messages_deleted} deleted",
    ]
    if summary.entities_changed:
        parts.append("changed: " + ", ".join(sorted(k + "s" for k in summary.entities_changed)))
    print(f"Synced with {client.server}: " + ", ".join(parts) + ".")
    print(f"Edits sent: {flushed.sent}; held for you: {flushed.held}; still waiting: {waiting}.")
    print(f"Unread: {counts['all']}.")
    return 0


def cmd_unread(args: argparse.Namespace, paths: Paths) -> int:
    if not paths.cache_file.exists():
        counts = dict.fromkeys([*catalog.CATEGORY_IDS, "all"], 0)
    else:
        cache = Cache(paths.cache_file)
        try:
            counts = cache.unread_counts()
        finally:
            cache.close()
    if args.json:
        categories = {c: counts[c] for c in catalog.CATEGORY_IDS}
        print(json.dumps({"total": counts["all"], "categories": categories}))
    else:
        for category in catalog.CATEGORIES:
            print(f"{category.name_en:<20} {counts[category.id]:>7}")
        print(f"{'All':<20} {counts['all']:>7}")
    return 0


def cmd_logout(args: argparse.Namespace, paths: Paths) -> int:
    session = Session(paths)
    if session.account is None:
        print("Not signed in.")
        return 0
    who = f"{session.account.username} at {session.account.server}"
    warning = session.sign_out()
    print(f"Signed out {who}.")
    if warning:
        print(f"Warning: {warning}", file=sys.stderr)
    return 0


COMMANDS = {"login": cmd_login, "sync": cmd_sync, "unread": cmd_unread, "logout": cmd_logout}
