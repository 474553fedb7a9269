"""The sync engine, free of Qt: `engine` (the supervised worker that ties the rest), `changes`
(catching up on the change feed), `outbox` (sending local edits; `merge` for a 412), `events`
(following the event stream, or long polls), `waiting` (the worker's inbox, backoff), `listener`
(what the engine tells the views) and `states` (connection states and notices)."""
