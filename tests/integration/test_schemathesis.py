"""Schemathesis against the live /openapi.json, with every check it has.

It runs schemathesis's own command line (`st run`) against the real server: its pytest plugin
does not work with pytest 9, and the command line also runs the coverage and stateful phases
(links between operations: create, then read, replace and delete what was created).

Every check is on (`--checks all`). Where a check's default expectation is not this API's
contract, the configuration below widens it for the operations concerned, and says why; nothing
is switched off. Excluded operations: the event stream (it never ends by design; tested in
test_api_sync and test_server_limits) and signing out (it would revoke the run's own token).
The long poll's `wait` is pinned to 0: a correct long poll holds its request up to 30 s, which
would only make the run slow (it has its own tests in test_api_sync).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support import ADMIN_TOKEN, ServerProcess

EXAMPLES_PER_OPERATION = 100  # was 12 with the pytest plugin

# What positive_data_acceptance ("a request the schema allows gets 2xx") must also accept, and
# why: each of these is a rule of api.md that the JSON Schema cannot carry.
DEFAULT_ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429"]
WIDENED = {
    # An opaque cursor: any string the server did not issue is a 400 (api.md, Limits).
    "^/v1/(messages|changes)$": ["400"],
    # Either ids or up_to (with read: true): one model, two shapes.
    "^/v1/messages/read$": ["422"],
    # PUT needs If-Match, or If-None-Match: * (only *, else 400) to create: a header that is
    # required unless another one is there (428), and an ETag that must be current (412). The
    # field rules (names trimmed and free of control characters, mobile formats, recipients as
    # contacts or groups but not both, ids that exist) answer 422.
    "^/v1/(settings|contacts|groups)/[^/]+$": ["400", "412", "422", "428"],
    # A channel the contact has no address for, and a well-formed code that is not the one sent.
    "^/v1/contacts/[^/]+/verification(/confirm)?$": ["422"],
    # Name rules as for contacts; a publication names an account that must exist, and a message
    # type of the category given.
    "^/v1/admin/(accounts|messages|deliveries)$": ["422"],
}


def config_text(token: str) -> str:
    statuses = ", ".join(f'"{s}"' for s in DEFAULT_ACCEPTED)
    lines = [
        f'headers = {{ Authorization = "Bearer {token}" }}',
        "[generation]",
        f"max-examples = {EXAMPLES_PER_OPERATION}",
        "[[operations]]",
        'include-path-regex = "^/v1/admin/"',
        f'headers = {{ Authorization = "Bearer {ADMIN_TOKEN}" }}',
        "[[operations]]",
        'include-path = "/v1/changes"',
        'parameters = { "query.wait" = 0 }',
    ]
    for pattern, extra in WIDENED.items():
        accepted = statuses + "".join(f', "{s}"' for s in extra)
        lines += [
            "[[operations]]",
            f'include-path-regex = "{pattern}"',
            f"checks.positive_data_acceptance.expected-statuses = [{accepted}]",
        ]
    return "\n".join(lines) + "\n"


def test_api_conforms_to_its_schema(tmp_path):
    server = ServerProcess(tmp_path / "st.db").start()
    try:
        session = server.create_account("fuzz")
        for _ in range(5):
            server.publish("fuzz")
        config = tmp_path / "schemathesis.toml"
        config.write_text(config_text(session.token))
        st = Path(sys.executable).with_name("st")
        run = subprocess.run(
            [
                str(st),
                "--no-color",
                "--config-file",
                str(config),
                "run",
                server.url + "/openapi.json",
                "--checks",
                "all",
                "--exclude-path",
                "/v1/events",
                "--exclude-operation-id",
                "sign_out_v1_auth_token_delete",
                "--seed",
                "12",  # the same cases every run: a failure here is reproducible
                # One worker: two threads building Python ASTs at once (Hypothesis describing
                # its strategies) trip CPython 3.11.7's "AST constructor recursion depth
                # mismatch" (python/cpython#106905), which failed two runs on this machine.
                "--workers",
                "1",
                "--request-timeout",
                "60",
                "--generation-database",
                "none",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert run.returncode == 0, run.stdout[-12000:] + run.stderr[-2000:]
        assert "Tested: 26" in run.stdout  # every operation but the two excluded, and with
        assert "Authentication failed" not in run.stdout  # the right token for each
        assert "Traceback" not in server.output(), server.output()[-4000:]
    finally:
        server.stop()
