"""Widgets. The main window (main_window) is a composition of parts: message_list, filters
(search, categories, unread only), reading (the detail follows the selection), list_position,
undo_delete, status_bar, window_actions (actions, menus, toolbar) and panes; delegates paint the
rows. The settings dialog (settings_dialog) holds three pages on one base (entity_page):
message_settings_page, contacts_page, groups_page, with entity_editors for their dialogs. Also
sign_in, preferences_dialog, tray, crash_report; theme and icons for colours and the app icon;
text, elided, cells, a11y and wording for what is shown and said.
"""
