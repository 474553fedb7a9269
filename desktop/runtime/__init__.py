"""The Qt side of running a profile: the `ProfileRuntime` that opens and closes everything one
signed-in profile needs, background tasks with a callback per call, the one broadcast of what
changed (the sync engine's news and the local edits' alike), and local edits with undo.
"""
