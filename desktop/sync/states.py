"""Connection states, as the status bar shows them (a module of its own: importing the engine
costs start-up time the window does not need)."""

ONLINE, OFFLINE, SYNCING, SIGNED_OUT = "online", "offline", "syncing", "signed_out"
