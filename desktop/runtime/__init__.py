"""The Qt side of running a profile: background tasks, the sync engine's news as signals, and local
edits with undo.
"""
