"""Qt item models over the cache: messages, categories, settings, contacts, groups."""
