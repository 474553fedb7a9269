"""Telling the user about new messages: the announcer that gathers arrivals, and desktop
notifications over D-Bus with the tray balloon as fallback.
"""
