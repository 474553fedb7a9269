"""Schemathesis against the live /openapi.json: no 5xx, every response matches the schema.

Bounded: a handful of generated cases per operation (a few hundred in all). The event stream never
ends by design, and revoking the test's own token would end the run early: both are covered by
their own tests instead.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from tests.support import ServerProcess

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    server = ServerProcess(tmp_path_factory.mktemp("st") / "st.db").start()
    session = server.create_account("fuzz")
    for _ in range(5):
        server.publish("fuzz")
    yield server, session
    server.stop()


@pytest.fixture(scope="module")
def api_schema(live):
    server, _ = live
    return (
        schemathesis.openapi.from_url(server.url + "/openapi.json")
        .exclude(path="/v1/events")
        .exclude(path="/v1/auth/token", method="DELETE")
    )


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, live):
    _, session = live
    if case.path == "/v1/changes" and case.query:
        case.query["wait"] = 0  # a long poll is correct but slow; it has its own tests
    case.call_and_validate(
        headers={"Authorization": f"Bearer {session.token}"}, checks=CHECKS, timeout=30
    )
