"""The thin HTTP client of the message-center API: session, errors, event stream, wire checks."""

# Nothing imported here: `requests` costs ~180 ms, and the window must paint before it is needed
# (import desktop.api.client where the network is used).
