"""Background tasks: each call's own callbacks, on the GUI thread, never after their owner is
gone or the tasks are closed; an error nobody handles is logged, not lost."""

import logging
import threading

import shiboken6
from PySide6.QtCore import QObject

from desktop.runtime.tasks import BackgroundTasks


class Owner(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[object] = []

    def done(self, result: object) -> None:
        self.results.append((result, threading.current_thread() is threading.main_thread()))


def test_each_call_gets_its_own_answer_on_the_gui_thread(qtbot):
    tasks = BackgroundTasks("test")
    answers: dict[str, object] = {}
    tasks.submit(lambda: 1, on_done=lambda result: answers.update(one=result))
    tasks.submit(pow, 2, 5, on_done=lambda result: answers.update(two=result))
    tasks.submit(int, "x", on_error=lambda error: answers.update(three=type(error)))
    assert answers == {}, "never before submit has returned"
    qtbot.waitUntil(lambda: len(answers) == 3)
    assert answers == {"one": 1, "two": 32, "three": ValueError}
    tasks.close()


def test_a_callback_of_a_destroyed_owner_is_not_called(qtbot):
    tasks = BackgroundTasks("test")
    owner, survivor = Owner(), Owner()
    tasks.submit(lambda: "late", on_done=owner.done)
    tasks.submit(lambda: "kept", on_done=survivor.done)
    results = owner.results
    shiboken6.delete(owner)  # a dialog closed while its call ran
    qtbot.waitUntil(lambda: survivor.results == [("kept", True)])
    assert results == []
    tasks.close()


def test_nothing_is_called_once_the_tasks_are_closed(qtbot):
    tasks = BackgroundTasks("test")
    called: list[object] = []
    tasks.submit(lambda: "work", on_done=called.append)
    tasks.close(wait=True)  # the work is done, its answer still queued
    qtbot.wait(50)
    assert called == []


def test_an_error_without_on_error_is_logged_with_its_traceback(qtbot, caplog):
    tasks = BackgroundTasks("test")
    with caplog.at_level(logging.ERROR, logger="desktop.runtime.tasks"):
        tasks.submit(int, "not a number")
        qtbot.waitUntil(lambda: bool(caplog.records))
    assert caplog.records[0].exc_info is not None
    tasks.close()
