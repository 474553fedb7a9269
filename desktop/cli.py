"""The command line: `msgcenter [options] [login | sync | unread | logout]`.

Without a command, the window opens. Commands print one line on failure (no traceback) and exit
non-zero.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from urllib.parse import urlsplit

import msgcenter
from desktop.account.profile import BadServerAddress
from desktop.account.session import NotSignedIn, Session, SignInNotKept
from desktop.api.errors import ApiError, RateLimited
from desktop.cache.connection import CacheError
from desktop.cache.removal import cache_files, remove_cache
from desktop.cache.store import Cache
from desktop.i18n.safe_text import one_line
from desktop.platform.logs import setup_logging
from desktop.platform.paths import DEFAULT_PROFILE, BadProfileName, Paths, paths_for
from desktop.sync.engine import SyncEngine
from desktop.sync.listener import QuietListener
from msgcenter import catalog

log = logging.getLogger(__name__)
NEED_A_PROFILE = {"sync", "unread", "logout"}  # `login` and the window make a new one
MAX_MESSAGE_CHARS = 500
# `msgcenter sync` ends within this time however the server answers (each page is kept as it
# comes, so a sync cut short loses nothing: the next one goes on from there).
COMMAND_SECONDS = 300.0


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
    logout = commands.add_parser(
        "logout", parents=[common], help="revoke and forget the token; remove the cached messages"
    )
    logout.add_argument(
        "--discard-unsent",
        action="store_true",
        help="sign out even when edits have not been sent yet (they are lost); without it, a "
        "terminal asks and a script is refused",
    )
    return parser


def fail(message: str, status: int = 1) -> int:
    """One line on stderr (whatever the message carries: it may quote the server)."""
    text = one_line(message)
    if len(text) > MAX_MESSAGE_CHARS:
        text = text[: MAX_MESSAGE_CHARS - 1] + "…"
    print(f"msgcenter: {text}", file=sys.stderr)
    return status


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    demo = args.command is None and args.demo  # a demo never touches the default profile
    profile = getattr(args, "profile", "demo" if demo else DEFAULT_PROFILE)
    try:
        paths = paths_for(profile)
    except BadProfileName as error:
        return fail(str(error), 2)
    if args.command in NEED_A_PROFILE and profile != DEFAULT_PROFILE and not paths.exists():
        known = ", ".join(paths.known_profiles()) or "none yet"
        return fail(
            f"no profile {profile!r} (profiles: {known}); `msgcenter login --profile {profile}` "
            "makes it",
            2,
        )
    try:
        paths.ensure()
    except OSError as error:
        return fail(f"cannot make the profile's folders: {error}")
    setup_logging(paths.log_file)
    try:
        if args.command is None:
            from desktop.platform.memory import guess_no_charsets, read_no_sources

            read_no_sources()  # before the app's modules: PySide6 would read and keep their sources
            guess_no_charsets()  # before requests
            from desktop.app import run_app

            return run_app(args, paths)
        return COMMANDS[args.command](args, paths)
    except (NotSignedIn, SignInNotKept, CacheError, BadServerAddress) as error:
        return fail(str(error))
    except ApiError as error:
        return fail(describe(error))
    except KeyboardInterrupt:
        return fail("interrupted", 130)
    except Exception as error:
        log.exception("unexpected error")
        return fail(f"unexpected error ({type(error).__name__}); details are in {paths.log_file}")


def describe(error: ApiError) -> str:
    """The error in one line; a TLS failure said in words rather than OpenSSL's."""
    import requests

    if isinstance(error, RateLimited):
        wait = round(error.retry_after)
        said = f"{wait} s" if wait < 120 else f"{wait} s (about {round(wait / 60)} min)"
        return f"rate limited: the server asks to wait {said} before trying again ({error.message})"
    cause = error.__cause__
    if not isinstance(cause, requests.exceptions.SSLError):
        return error.message
    url = urlsplit(getattr(cause.request, "url", None) or "")
    where = f"{url.scheme}://{url.netloc}" if url.netloc else "the server"
    text = str(cause)
    if "WRONG_VERSION_NUMBER" in text or "record layer failure" in text:
        return (
            f"{where} does not answer in HTTPS; if it serves plain HTTP, "
            f"give the address as http://{url.netloc or '…'}"
        )
    reason = re.search(r"\[SSL: [A-Z_]+\] ([^(')]+)", text)
    return f"the certificate of {where} was not accepted" + (
        f": {reason.group(1).strip()}" if reason else ""
    )


def cmd_login(args: argparse.Namespace, paths: Paths) -> int:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        return fail("no password on standard input", 2)
    session = Session(paths)
    try:
        client = session.sign_in(args.server, args.username, password, memory_ok=False)
    except SignInNotKept:
        return fail(
            "no system keyring is available, so a sign-in from the command line cannot be "
            "kept: nothing was stored (the window can sign in for as long as it runs)"
        )
    client.close()
    assert session.account is not None
    print(one_line(f"Signed in to {session.account.server} as {session.account.username}."))
    return 0


def cmd_sync(args: argparse.Namespace, paths: Paths) -> int:
    session = Session(paths)
    client = session.client()
    client.set_time_limit(COMMAND_SECONDS)
    cache, rebuilt = Cache.open_or_rebuild(paths.cache_file)
    cache.close()
    if rebuilt:
        from desktop.views.wording import render  # in English: no translation is loaded here

        print(f"msgcenter: {render(rebuilt)}", file=sys.stderr)
    progress = _TerminalProgress() if sys.stderr.isatty() else None
    engine = SyncEngine(paths.cache_file, client, progress, log_file=paths.log_file)
    try:
        summary = engine.catch_up()
        flushed = engine.flush_outbox()
        if flushed.sent:
            summary.merge(engine.catch_up())
        engine.index_backlog()
        counts = engine.cache.messages.unread_counts()
        waiting = engine.cache.outbox.size()
    finally:
        engine.stop()
        if progress is not None:
            progress.done()
    parts = [
        f"{len(summary.messages_added)} new messages",
        f"{summary.messages_changed} updated",
        f"{summary.messages_deleted} deleted",
    ]
    if summary.entities_changed:
        parts.append("changed: " + ", ".join(sorted(k + "s" for k in summary.entities_changed)))
    print(one_line(f"Synced with {client.server}: " + ", ".join(parts) + "."))
    print(f"Edits sent: {flushed.sent}; held for you: {flushed.held}; still waiting: {waiting}.")
    print(f"Unread: {counts['all']}.")
    return 0


class _TerminalProgress(QuietListener):
    """A full sync's progress on the terminal's last line (stderr), rewritten in place."""

    shown = False

    def sync_progress(self, received: int, expected: int) -> None:
        if expected:
            print(f"\rSyncing {received:,} of {expected:,}", end="", file=sys.stderr, flush=True)
            self.shown = True

    def done(self) -> None:
        if self.shown:
            print("\r\x1b[K", end="", file=sys.stderr, flush=True)  # the line cleared
            self.shown = False


def cmd_unread(args: argparse.Namespace, paths: Paths) -> int:
    if not paths.cache_file.exists():
        counts = dict.fromkeys([*catalog.CATEGORY_IDS, "all"], 0)
    else:
        cache = Cache(paths.cache_file)
        try:
            counts = cache.messages.unread_counts()
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
    """Revoke and forget the token, then remove the profile's cache, so that nothing (`unread`
    included) answers from it. Edits not yet sent would be lost with it: a terminal asks, a
    script must say `--discard-unsent`."""
    session = Session(paths)
    if not args.discard_unsent:
        refused = _keeps_unsent_edits(paths)
        if refused is not None:
            return refused
    if session.account is None:
        print("Not signed in.")
    else:
        who = f"{session.account.username} at {session.account.server}"
        warning = session.sign_out()
        print(one_line(f"Signed out {who}."))
        if warning:
            print(f"Warning: {one_line(warning)}", file=sys.stderr)
    if cache_files(paths.cache_file):
        left = remove_cache(paths.cache_file)
        if left:
            names = ", ".join(str(p) for p in left)
            return fail(f"the cached messages could not all be removed: {names}")
        print("The cached messages were removed.")
    return 0


def _keeps_unsent_edits(paths: Paths) -> int | None:
    """None when signing out loses nothing, or the user (at a terminal) agreed to lose it;
    else the exit status of a refusal, said on stderr."""
    if not paths.cache_file.exists():
        return None
    try:
        cache = Cache(paths.cache_file)
        try:
            waiting = cache.outbox.size()
        finally:
            cache.close()
        what = f"{waiting} edit{'' if waiting == 1 else 's'} not yet sent to the server"
    except CacheError as error:
        waiting, what = 1, f"edits not yet sent (the cache cannot be read: {error})"
    if not waiting:
        return None
    if sys.stdin.isatty():
        try:
            answer = input(f"{one_line(what)} would be lost. Sign out anyway? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() in ("y", "yes"):
            return None
        print("Not signed out.")
        return 1
    return fail(
        f"{what} would be lost: `msgcenter sync` sends them; "
        "`msgcenter logout --discard-unsent` signs out anyway"
    )


COMMANDS = {"login": cmd_login, "sync": cmd_sync, "unread": cmd_unread, "logout": cmd_logout}
