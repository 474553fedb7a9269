"""The main window from the keyboard alone, as in a mail client: the selection follows the keys,
every action hits what is selected and on screen, Tab moves between the panes and reads nothing
(issue 13, items 1, 3 and 4)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.models.messages import IdRole

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def publish(harness, count):
    return [
        harness.server.publish(harness.name, "fault", "fault.incident", f"message {n}", f"body {n}")
        for n in range(count)
    ]


def opened(harness, count=6):
    publish(harness, count)
    harness.sync()
    return harness.open()


def press(qtbot, key, modifiers=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), key, modifiers)


def selected_rows(window):
    return sorted(i.row() for i in window.message_view.selectionModel().selectedRows())


def shown_title(window):
    """The title in the detail pane, or None when it shows no message."""
    detail = window.detail
    return detail.title.text() if detail.title.isVisibleTo(detail) else None


def edits_settled(harness, qtbot):
    """Every edit asked for so far is saved: the worker runs them in order, so the answer to one
    more means the others are done."""
    with qtbot.waitSignal(harness.edits.done, timeout=5000):
        harness.edits.record_announced([])


def test_ctrl_end_then_delete_deletes_the_message_on_screen(harness, qtbot):
    window = opened(harness)
    view = window.message_view
    top = window.messages.index(0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(top).center())
    assert selected_rows(window) == [0]
    top_id = top.data(IdRole)
    press(qtbot, Qt.Key.Key_End, CTRL)
    assert view.currentIndex().row() == 5
    assert selected_rows(window) == [5]  # selected, not only focused
    oldest = view.currentIndex().data(IdRole)
    assert shown_title(window) == window.messages.index(5).data()
    press(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: harness.cache.messages.get(oldest) is None, timeout=5000)
    assert harness.cache.messages.get(top_id) is not None
    press(qtbot, Qt.Key.Key_Home, CTRL)
    assert selected_rows(window) == [0] and shown_title(window) == window.messages.index(0).data()


def test_home_end_pages_shift_and_ctrl_space_move_and_shape_the_selection(harness, qtbot):
    window = opened(harness, 30)
    view = window.message_view
    window.select_row(3)
    titles = [window.messages.index(row).data() for row in range(30)]
    press(qtbot, Qt.Key.Key_End)
    assert selected_rows(window) == [29] and shown_title(window) == titles[29]
    press(qtbot, Qt.Key.Key_Home)
    assert selected_rows(window) == [0] and shown_title(window) == titles[0]
    press(qtbot, Qt.Key.Key_PageDown)
    assert selected_rows(window) == [view.currentIndex().row()] != [0]
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_J, SHIFT)  # Shift extends, with J as with the arrows
    press(qtbot, Qt.Key.Key_Down, SHIFT)
    assert selected_rows(window) == [0, 1, 2]
    press(qtbot, Qt.Key.Key_Space, CTRL)  # toggles the current row out of the selection
    assert selected_rows(window) == [0, 1]
    assert shown_title(window) is None  # the current row is not selected: not shown
    assert "2 messages selected" in window.detail.placeholder.text()
    press(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.messages.rowCount() == 28, timeout=5000)
    assert window.messages.index(0).data() == titles[2]  # the first two went, the third stayed


def test_focus_starts_in_the_list_and_the_first_key_selects_the_row_it_is_on(harness, qtbot):
    window = opened(harness)
    assert QApplication.focusWidget() is window.message_view
    assert shown_title(window) is None
    press(qtbot, Qt.Key.Key_J)
    assert selected_rows(window) == [0] and shown_title(window) == window.messages.index(0).data()
    press(qtbot, Qt.Key.Key_J)
    assert selected_rows(window) == [1]


def test_tab_goes_round_the_panes_and_never_marks_anything_read(harness, qtbot):
    window = opened(harness)
    window.message_view.setFocus()
    unread = harness.cache.messages.unread_counts()["all"]
    stops = []
    for _ in range(5):
        press(qtbot, Qt.Key.Key_Tab)
        stops.append(QApplication.focusWidget())
    qtbot.waitUntil(lambda: not window.reading.read_pending(), timeout=3000)
    edits_settled(harness, qtbot)
    assert harness.cache.messages.unread_counts()["all"] == unread
    assert harness.cache.outbox.size() == 0
    # Nothing open: from the list to the categories, the search, Unread only, the list again.
    assert stops[:4] == [window.category_view, window.search, window.unread_only,
                         window.message_view]  # fmt: skip
    assert window.message_view.currentIndex().row() == 0  # one stop: Tab never moved the row


def test_enter_opens_and_stays_in_the_list_tab_enters_the_body_escape_leaves(harness, qtbot):
    window = opened(harness)
    press(qtbot, Qt.Key.Key_Down)  # selects the first row
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.message_view
    opened_id = window.message_view.currentIndex().data(IdRole)
    qtbot.waitUntil(lambda: harness.cache.messages.get(opened_id).read, timeout=3000)
    press(qtbot, Qt.Key.Key_J)  # still in the list: j moves on
    assert shown_title(window) == window.messages.index(2).data()
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.detail.body
    press(qtbot, Qt.Key.Key_J)  # in the body too, j is the next message
    assert shown_title(window) == window.messages.index(3).data()
    assert QApplication.focusWidget() is window.detail.body
    press(qtbot, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.message_view
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is window.search
    press(qtbot, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.message_view


def test_the_focused_row_is_drawn_outlined(harness, qtbot):
    window = opened(harness)
    view = window.message_view
    view.setFocus()
    window.select_row(1)
    press(qtbot, Qt.Key.Key_Space, CTRL)  # unselected, but it has the focus
    assert not selected_rows(window)
    rect = view.visualRect(window.messages.index(1))
    image = view.viewport().grab().toImage()
    highlight = view.palette().color(view.palette().ColorRole.Highlight)
    edge = image.pixelColor(rect.center().x(), rect.top() + 1)
    assert edge == highlight
    other = view.visualRect(window.messages.index(3))
    assert image.pixelColor(other.center().x(), other.top() + 1) != highlight
