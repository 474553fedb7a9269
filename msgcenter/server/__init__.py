"""The reference message-center server: the HTTP API of ../shared/spec/api.md on FastAPI."""
