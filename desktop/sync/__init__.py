"""The sync engine: catch-up through the change feed, push hints, the outbox and its merges."""
