"""The message center itself: the catalog of categories and message types, and its rules.

Pure Python (no Qt, no HTTP): imported by the reference server and the desktop client alike, so
that each rule is written once.
"""

__version__ = "0.1.0"
