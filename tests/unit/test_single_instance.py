"""A second instance of one profile: told apart from the first by the profile's lock file."""

import os

import pytest
from PySide6.QtCore import QLockFile

from desktop.platform import single_instance
from desktop.platform.paths import Paths


def test_a_lock_held_by_an_instance_that_does_not_answer_names_its_process(tmp_path, monkeypatch):
    monkeypatch.setattr(single_instance, "ANSWER_WAIT_S", 0.3)
    paths = Paths("default", tmp_path / "data", tmp_path / "config", tmp_path / "logs")
    paths.ensure()
    held = QLockFile(str(paths.config_dir / "instance.lock"))
    assert held.tryLock(0)  # the "first instance": it holds the lock but listens nowhere
    with pytest.raises(RuntimeError, match=rf"another Message Center \(process {os.getpid()}\)"):
        single_instance.SingleInstance(paths).claim()
    held.unlock()
