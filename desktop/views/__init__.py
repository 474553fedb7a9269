"""Widgets: the main window, message list and detail, sign-in, settings, tray."""
