from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import ServerProcess


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """The reference server with a fresh database for this test module."""
    process = ServerProcess(tmp_path_factory.mktemp("server") / "server.db").start()
    yield process
    process.stop()
