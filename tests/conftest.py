from __future__ import annotations

from collections.abc import Iterator

import keyring
import keyring.backends.fail
import pytest

from tests import support
from tests.support import ServerProcess


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """The reference server with a fresh database for this test module."""
    process = ServerProcess(tmp_path_factory.mktemp("server") / "server.db").start()
    yield process
    process.stop()


@pytest.fixture(scope="module", autouse=True)
def _fresh_databases() -> Iterator[None]:
    """On PostgreSQL, the databases a test module made are dropped when the module is done."""
    yield
    if support.POSTGRES:
        support.drop_made_databases()


@pytest.fixture
def no_keyring():
    """The keyring as on a desktop without one, for this test only. (keyring chooses its backend
    once per process, so setting PYTHON_KEYRING_BACKEND would leak into later tests.)"""
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)
