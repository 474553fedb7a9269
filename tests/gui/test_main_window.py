"""The main window on real widgets, a real cache and the real server (issue 4)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop.models.categories import CategoryListModel, UnreadRole
from desktop.models.messages import IdRole, MessageFilter, MessageListModel, ReadRole
from desktop.sync.states import notice
from desktop.views import theme
from desktop.views.text import BODY_DISPLAY_LIMIT, body_html

KINDS = [("fault", "fault.incident"), ("event", "event.promotion"), ("product", "product.expiry")]


def publish_mix(harness, count=9):
    published = []
    for n in range(count):
        category, type_id = KINDS[n % 3]
        published.append(
            harness.server.publish(harness.name, category, type_id, f"消息 {n} title", f"body {n}")
        )
    return published


def select_rows(window, rows):
    selection = window.message_view.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(window.messages.index(row), QItemSelectionModel.SelectionFlag.Select)


def test_models_pass_the_model_tester(harness, qtmodeltester):
    publish_mix(harness, 30)
    harness.sync()
    harness.open()
    qtmodeltester.check(harness.window.messages)
    qtmodeltester.check(CategoryListModel())
    harness.window.messages.set_filter(MessageFilter(search="title"))
    qtmodeltester.check(harness.window.messages)


def test_window_title_categories_and_counts(harness, qtbot):
    publish_mix(harness, 9)
    harness.sync()
    window = harness.open()
    assert window.windowTitle() == "Message Center"
    assert window.message_view.accessibleName() == "Messages"
    assert window.category_view.accessibleName() == "Categories"
    assert window.detail.accessibleName() == "Message"
    names = [window.categories.index(r).data() for r in range(7)]
    assert names[:2] == ["All", "Account messages"]
    assert window.categories.index(0).data(UnreadRole) == 9
    assert window.messages.rowCount() == 9
    fault_row = window.categories.row_of("fault")
    window.category_view.setCurrentIndex(window.categories.index(fault_row))
    assert window.messages.rowCount() == 3
    titles = [window.messages.index(r).data() for r in range(3)]
    assert titles == ["消息 6 title", "消息 3 title", "消息 0 title"]  # newest first


def test_opening_a_message_marks_it_read_in_the_cache_and_on_the_server(harness, qtbot):
    published = publish_mix(harness, 3)
    harness.sync()
    window = harness.open()
    harness.start_engine()
    qtbot.waitUntil(lambda: window.state_label.text() == "Online", timeout=15000)
    window.select_row(0)
    newest = published[-1]
    assert window.detail.title.text() == newest["title"]
    qtbot.waitUntil(lambda: harness.cache.messages.get(newest["id"]).read, timeout=5000)
    qtbot.waitUntil(
        lambda: harness.session.get(f"/v1/messages/{newest['id']}").json()["read"], timeout=15000
    )
    qtbot.waitUntil(lambda: window.categories.index(0).data(UnreadRole) == 2, timeout=5000)


def test_batch_mark_unread_delete_and_undo(harness, qtbot):
    published = publish_mix(harness, 6)
    harness.session.post("/v1/messages/read", json={"ids": [m["id"] for m in published],
                                                    "read": True})  # fmt: skip
    harness.sync()
    window = harness.open()
    window.select_row(5)
    select_rows(window, [0, 1, 2])
    window.action_unread.trigger()
    qtbot.waitUntil(lambda: window.categories.index(0).data(UnreadRole) == 3, timeout=5000)
    assert [window.messages.index(r).data(ReadRole) for r in range(4)] == [False] * 3 + [True]
    select_rows(window, [0, 1])
    doomed = window.selected_ids()
    window.action_delete.trigger()
    qtbot.waitUntil(lambda: window.undo_bar.isVisible(), timeout=5000)
    assert window.messages.rowCount() == 4
    assert harness.cache.messages.get(doomed[0]) is None
    window.undo_button.click()
    qtbot.waitUntil(lambda: window.messages.rowCount() == 6, timeout=5000)
    assert harness.cache.messages.get(doomed[0]) is not None
    assert harness.cache.messages.unread_counts()["all"] == 3
    # The delete never left: the outbox holds only the unread marks.
    assert {e.op for e in harness.cache.outbox.entries()} == {"read"}


def test_a_delete_not_undone_reaches_the_server(harness, qtbot, monkeypatch):
    monkeypatch.setattr("desktop.runtime.local_edits.UNDO_SECONDS", 1)
    published = publish_mix(harness, 3)
    harness.sync()
    window = harness.open()
    harness.start_engine()
    qtbot.waitUntil(lambda: window.state_label.text() == "Online", timeout=15000)
    select_rows(window, [0])
    [doomed] = window.selected_ids()
    window.action_delete.trigger()
    qtbot.waitUntil(
        lambda: harness.session.get(f"/v1/messages/{doomed}").status_code == 404, timeout=15000
    )
    assert doomed in {m["id"] for m in published}


def test_mark_all_read_leaves_a_newer_message_unread(harness, qtbot):
    publish_mix(harness, 6)
    harness.sync()
    window = harness.open()
    late = harness.server.publish(harness.name, "fault", "fault.incident", "arrived meanwhile")
    window.action_read_all.trigger()
    qtbot.waitUntil(lambda: harness.cache.messages.unread_counts()["all"] == 0, timeout=5000)
    harness.start_engine()
    qtbot.waitUntil(lambda: harness.cache.messages.get(late["id"]) is not None, timeout=15000)
    qtbot.waitUntil(lambda: harness.cache.outbox.size() == 0, timeout=15000)
    assert harness.cache.messages.get(late["id"]).read is False
    assert harness.session.get(f"/v1/messages/{late['id']}").json()["read"] is False
    assert harness.session.get("/v1/categories").json()["total_unread"] == 1


def test_search_as_you_type_and_unread_only(harness, qtbot):
    publish_mix(harness, 9)
    harness.server.publish(harness.name, "security", "security.ddos", "京东云IP高防黑洞通知",
                           "公网IP 116.1.2.3 被黑洞 https://console.example.com/x")  # fmt: skip
    harness.sync()
    window = harness.open()
    for character in "黑洞":  # typed through an input method: committed a character at a time
        window.search.insert(character)  # two characters: the LIKE path
    qtbot.waitUntil(lambda: window.messages.rowCount() == 1, timeout=3000)
    window.search.clear()
    qtbot.keyClicks(window.search, "116.1.2")  # in the body, via the trigram index
    qtbot.waitUntil(lambda: window.messages.rowCount() == 1, timeout=3000)
    assert window.messages.index(0).data() == "京东云IP高防黑洞通知"
    window.search.clear()
    qtbot.waitUntil(lambda: window.messages.rowCount() == 10, timeout=3000)
    window.select_row(0)
    qtbot.waitUntil(lambda: harness.cache.messages.unread_counts()["all"] == 9, timeout=3000)
    window.unread_only.setChecked(True)  # the open message, read, stays until left
    assert window.messages.rowCount() == 10
    window.category_view.setFocus()
    window.category_view.setCurrentIndex(window.categories.index(1))  # moved away
    window.category_view.setCurrentIndex(window.categories.index(0))
    assert window.messages.rowCount() == 9


def test_a_live_insert_keeps_the_selection(harness, qtbot):
    publish_mix(harness, 5)
    harness.sync()
    window = harness.open()
    harness.start_engine()
    qtbot.waitUntil(lambda: window.state_label.text() == "Online", timeout=15000)
    select_rows(window, [1, 2])
    window.message_view.selectionModel().setCurrentIndex(
        window.messages.index(2), QItemSelectionModel.SelectionFlag.NoUpdate
    )
    chosen = window.selected_ids()
    for n in range(3):
        harness.server.publish(harness.name, "fault", "fault.incident", f"live {n}")
    qtbot.waitUntil(lambda: window.messages.rowCount() == 8, timeout=15000)
    assert window.selected_ids() == chosen
    assert window.messages.index(0).data() == "live 2"


def test_starts_from_the_cache_with_the_server_down(harness, qtbot, tmp_path):
    publish_mix(harness, 4)
    harness.sync()
    from desktop.api.client import ApiClient

    harness.client = ApiClient("http://127.0.0.1:9", harness.session.token, retries=0)
    window = harness.open()
    assert window.messages.rowCount() == 4
    harness.start_engine()
    qtbot.waitUntil(lambda: window.state_label.text() == "Offline", timeout=15000)
    assert window.messages.rowCount() == 4
    window.select_row(0)
    qtbot.waitUntil(lambda: harness.cache.outbox.size() == 1, timeout=5000)
    qtbot.waitUntil(lambda: window.outbox_label.text() == "1 change waiting to be sent")


HOSTILE = [
    ("<script>alert(1)</script><b>bold</b>", "<img src=http://evil.example/x.png> <iframe>"),
    ("javascript:alert(1)", "click javascript:alert(1) or file:///etc/passwd or "
     "<a href='javascript:alert(1)'>x</a> but https://ok.example.com/path?a=1&b=<2> works"),
    ("\u202egnp.exe\u202c evil", "RTL \u202e override \u2066isolate\u2069 and \x00\x07\x1b[31m"),
]  # fmt: skip


@pytest.mark.parametrize("title, body", HOSTILE)
def test_hostile_text_renders_inert(harness, nul_proxy, qtbot, title, body):
    from tests.faults import with_nul_marked

    marked = with_nul_marked(title), with_nul_marked(body)
    harness.server.publish(harness.name, "other", "other.general", *marked)
    harness.route_through(nul_proxy.url)  # a NUL reaches the client as the JSON escape
    harness.sync()
    assert nul_proxy.replaced > 0 or "\x00" not in title + body  # it did reach the client
    window = harness.open()
    window.select_row(0)
    html = window.detail.body.toHtml()
    assert window.detail.title.textFormat() == Qt.TextFormat.PlainText
    assert "<script" not in html and "<iframe" not in html and "<img" not in html
    anchors = [a.split('"')[0] for a in html.split('href="')[1:]]
    assert all(a.startswith(("http://", "https://")) for a in anchors)
    shown = window.detail.title.text() + window.detail.body.toPlainText()
    for bad in ("\u202e", "\u2066", "\x00", "\x07", "\x1b"):
        assert bad not in shown


def test_a_1_mb_body_is_cut_for_display_and_says_so(harness, qtbot):
    # ASCII, so that a million characters fit the server's 1 MiB request limit.
    big = ("Beijing https://example.com/page " * 40_000)[:1_000_000]
    harness.server.publish(harness.name, "other", "other.general", "big", big)
    harness.sync()
    window = harness.open()
    window.select_row(0)
    shown = window.detail.body.toPlainText()
    assert len(shown) < BODY_DISPLAY_LIMIT + 500
    assert "Only the first 100,000 of 1,000,000 characters are shown." in shown


def test_body_html_links_only_web_urls():
    html, cut = body_html("see https://a.example/x。then http://b.example/y, not ftp://c/")
    assert not cut
    assert '<a href="https://a.example/x">' in html
    assert '<a href="http://b.example/y">' in html
    assert "ftp://c/" in html and 'href="ftp' not in html


def test_keyboard_navigation(harness, qtbot):
    publish_mix(harness, 4)
    harness.sync()
    window = harness.open()
    window.message_view.setFocus()
    window.select_row(0)
    qtbot.keyClick(window.message_view, Qt.Key.Key_J)
    assert window.message_view.currentIndex().row() == 1
    qtbot.keyClick(window.message_view, Qt.Key.Key_K)
    assert window.message_view.currentIndex().row() == 0
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    window.message_view.setFocus()
    qtbot.keyClick(window.message_view, Qt.Key.Key_Down)
    assert window.message_view.currentIndex().row() == 1
    qtbot.keyClick(window.message_view, Qt.Key.Key_Return)  # Enter opens: read at once
    opened = window.message_view.currentIndex().data(IdRole)
    qtbot.waitUntil(lambda: harness.cache.messages.get(opened).read, timeout=3000)


def test_layout_is_remembered(harness, qtbot):
    harness.sync()
    window = harness.open()
    window.resize(1000, 640)
    window.splitter.setSizes([150, 400, 450])
    sizes = window.splitter.sizes()
    window.close()
    harness.edits.close()
    harness.cache.close()
    again = harness.open()
    assert again.size().width() == 1000
    assert again.splitter.sizes() == sizes


def test_message_list_model_reads_windows_not_the_table(harness):
    for n in range(450):
        harness.server.publish(harness.name, "fault", "fault.incident", f"n{n}")
    harness.sync()
    from desktop.cache.store import Cache

    cache = Cache(harness.path)
    model = MessageListModel(cache)
    assert model.rowCount() == 450
    assert model.index(449).data() == "n0"  # the far end: read backwards from the end
    assert model.index(0).data() == "n449"
    assert model.index(250).data() == "n199"
    assert len(model._windows) <= 8
    cache.close()


# -- issue 13: a list keyboard and screen-reader users can trust ---------------------------------


def selected(window):
    return sorted(i.row() for i in window.message_view.selectionModel().selectedRows())


def shown_id(window):
    """The id of the message in the detail pane, or None when it shows none."""
    detail = window.detail
    if not detail.title.isVisibleTo(detail):
        return None
    current = window.message_view.currentIndex()
    return current.data(IdRole) if detail.title.text() == current.data() else "another"


def test_delete_shows_the_next_and_undo_puts_the_rows_back_selected(harness, qtbot):
    publish_mix(harness, 8)
    harness.sync()
    window = harness.open()
    harness.start_engine()  # live, as in the app
    qtbot.waitUntil(lambda: window.state_label.text() == "Online", timeout=15000)
    window.select_row(2)
    qtbot.keyClick(window.message_view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    doomed = window.selected_ids()
    after = window.messages.index(4).data(IdRole)
    assert len(doomed) == 2 and shown_id(window) == doomed[1]
    qtbot.keyClick(window.message_view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.messages.rowCount() == 6, timeout=5000)
    assert window.undo_label.text() == "2 messages deleted."
    assert shown_id(window) == after  # the next message, never a deleted one
    assert selected(window) == [2]
    qtbot.keyClick(window.message_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.messages.rowCount() == 8, timeout=5000)
    assert [window.messages.index(r).data(IdRole) for r in (2, 3)] == doomed  # where they were
    assert window.selected_ids() == doomed
    assert shown_id(window) in doomed
    assert not window.undo_bar.isVisible() and not window.action_undo.isEnabled()
    qtbot.waitUntil(lambda: harness.cache.outbox.size() == 0, timeout=15000)
    assert all(harness.session.get(f"/v1/messages/{i}").status_code == 200 for i in doomed)


def test_a_message_deleted_by_the_sync_leaves_the_detail(harness, qtbot):
    published = publish_mix(harness, 3)
    harness.sync()
    window = harness.open()
    harness.start_engine()
    window.select_row(0)
    assert shown_id(window) == published[-1]["id"]
    harness.session.post("/v1/messages/delete", json={"ids": [published[-1]["id"]]})
    qtbot.waitUntil(lambda: window.messages.rowCount() == 2, timeout=15000)
    assert shown_id(window) is None
    assert window.detail.placeholder.text() == "No message selected."


def test_one_and_two_say_message_and_messages(harness, qtbot):
    harness.sync()
    window = harness.open()
    window.set_outbox_size(1)
    assert window.outbox_label.text() == "1 change waiting to be sent"
    window.set_outbox_size(2)
    assert window.outbox_label.text() == "2 changes waiting to be sent"
    window.undo_bar.deleted([{"id": "a"}])
    assert window.undo_label.text() == "1 message deleted."
    window.undo_bar.deleted([{"id": "a"}, {"id": "b"}])
    assert window.undo_label.text() == "2 messages deleted."


def test_the_list_keeps_its_width_when_a_long_type_name_opens(harness, qtbot):
    harness.server.publish(harness.name, "product", "product.expiry", "到期 " * 40, "body")
    harness.server.publish(harness.name, "other", "other.general", "short", "body")
    harness.sync()
    window = harness.open()
    window.resize(900, 600)
    window.splitter.setSizes([150, 330, 420])
    qtbot.waitUntil(lambda: window.splitter.sizes()[1] > 0)
    before = window.splitter.sizes()
    short = 0 if window.messages.index(0).data() == "short" else 1  # same millisecond: either
    for row in (short, 1 - short, short):  # the short one, the long one, the short one again
        window.select_row(row)
        QApplication.processEvents()
        assert window.splitter.sizes() == before
    assert window.detail.meta.text().endswith("·  Other"), window.detail.meta.text()
    window.select_row(1 - short)
    assert "Product messages-Expiration reminder" in window.detail.meta.text()
    assert window.detail.meta.width() <= window.detail.width()


def test_unread_only_keeps_the_open_message_until_you_move_away(harness, qtbot):
    publish_mix(harness, 6)
    harness.sync()
    window = harness.open()
    window.unread_only.setChecked(True)
    window.message_view.setFocus()
    window.select_row(2)
    reading = window.selected_ids()
    following = window.messages.index(3).data(IdRole)
    qtbot.keyClick(window.message_view, Qt.Key.Key_Return)  # opened: read at once
    qtbot.waitUntil(lambda: harness.cache.messages.get(reading[0]).read, timeout=3000)
    qtbot.waitUntil(lambda: window.categories.index(0).data(UnreadRole) == 5, timeout=3000)
    assert window.messages.rowCount() == 6  # still there, still selected, still open
    assert window.selected_ids() == reading and shown_id(window) == reading[0]
    qtbot.keyClick(window.message_view, Qt.Key.Key_J)  # moved away: now it goes
    qtbot.waitUntil(lambda: window.messages.rowCount() == 5, timeout=3000)
    assert window.selected_ids() == [following] and shown_id(window) == following
    assert window.message_view.currentIndex().row() == 2  # the selection did not jump


def test_a_burst_while_reading_the_end_of_the_list_does_not_move_it(harness, qtbot):
    for n in range(60):
        harness.server.publish(harness.name, "fault", "fault.incident", f"old {n}")
    harness.sync()
    window = harness.open()
    harness.start_engine()
    qtbot.waitUntil(lambda: window.state_label.text() == "Online", timeout=15000)
    view = window.message_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()

    def top() -> str:
        return view.indexAt(view.viewport().rect().topLeft()).data()

    first, last = top(), view.currentIndex().data()
    for n in range(20):
        harness.server.publish(harness.name, "fault", "fault.incident", f"burst {n}")
    qtbot.waitUntil(lambda: window.messages.rowCount() == 80, timeout=15000)
    QApplication.processEvents()
    assert top() == first
    assert view.currentIndex().data() == last


def test_the_link_of_the_open_message_turns_light_when_dark_comes(harness, qtbot, qapp):
    harness.server.publish(
        harness.name, "other", "other.general", "link", "see https://a.example/x"
    )
    harness.sync()
    style, palette = qapp.style().name(), qapp.palette()
    theme.apply_scheme(qapp, "light")
    window = harness.open()
    try:
        window.select_row(0)
        theme.apply_scheme(qapp, "dark")
        QApplication.processEvents()
        body = window.detail.body
        background = body.palette().color(QPalette.ColorRole.Base)
        assert theme.contrast(link_colour(body), background) >= 4.5
        window_colour = window.palette().color(QPalette.ColorRole.Window)
        assert theme.contrast(problem_colour(window), window_colour) >= 4.5
    finally:
        qapp.setStyleSheet("")
        qapp.setStyle(style)
        qapp.setPalette(palette)


def link_colour(browser) -> QColor:
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().isAnchor():
                return fragment.charFormat().foreground().color()
            it += 1
        block = block.next()
    raise AssertionError("no link in the body")


def problem_colour(window) -> QColor:
    """The colour the status bar's problem line is drawn in (its palette's text colour)."""
    window.show_problem("the server cannot be reached")
    return window.problem_label.palette().color(QPalette.ColorRole.WindowText)


def test_the_status_bar_labels_are_read_with_their_text(harness, qtbot):
    harness.sync()
    window = harness.open()
    window.set_outbox_size(3)
    for label, text in ((window.state_label, "Offline"),
                        (window.outbox_label, "3 changes waiting to be sent")):  # fmt: skip
        node = QAccessible.queryAccessibleInterface(label)
        assert node.text(QAccessible.Text.Name) == text
        assert node.text(QAccessible.Text.Description)  # what it is: "Connection", …


def test_every_menu_item_has_an_access_letter(harness):
    harness.sync()
    window = harness.open()
    missing = []
    for menu_action in window.menuBar().actions():
        assert "&" in menu_action.text()
        for action in menu_action.menu().actions():
            if not action.isSeparator() and "&" not in action.text():
                missing.append(action.text())
    assert missing == []


def test_with_a_search_unread_only_keeps_the_open_message_open(harness, qtbot):
    publish_mix(harness, 6)
    harness.sync()
    window = harness.open()
    qtbot.keyClicks(window.search, "title")
    qtbot.waitUntil(lambda: window.messages.rowCount() == 6, timeout=3000)
    window.select_row(1)
    opened = window.selected_ids()
    qtbot.keyClick(window.message_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: harness.cache.messages.get(opened[0]).read, timeout=3000)
    window.unread_only.setChecked(True)
    assert window.selected_ids() == opened and shown_id(window) == opened[0]


def test_a_problem_keeps_the_logs_path_within_reach(harness, qtbot):
    """The path, at the end of the sentence, was the part the status bar cut off: the line
    says where in words; the tooltip and the screen reader's description carry the path."""
    window = harness.open()
    path = "/home/someone/.local/state/msgcenter/profiles/default/msgcenter.log"
    window.show_problem(notice("unexpected", what="sync", seconds=30, log=path))
    said = "Sync stopped by an unexpected error; trying again in 30 s. Details are in the log."
    assert window.problem_label.text() == said
    tooltip = window.problem_label.toolTip().replace("\u200b", "")  # break chances, for wrapping
    assert path in tooltip and "trying again in 30 s" in tooltip
    assert path in window.problem_label.accessibleDescription()
    window.show_problem("the server cannot be reached")
    assert window.problem_label.accessibleDescription() == "Problem"
    assert "cannot be reached" in window.problem_label.toolTip()
