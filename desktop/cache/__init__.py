"""The local SQLite store, by concern: the connection (opening, migrations, salvage), messages
and the list's queries, entities (settings, contacts, groups), the outbox, what was announced;
typed rows, and the kinds and states they name. `store.Cache` holds one of each over one file."""
