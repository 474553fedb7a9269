"""Kept for the views that still import it: notices are put into words by
`desktop.views.wording.render`, from their codes (no English is matched)."""

from desktop.views.wording import render as engine_text

__all__ = ["engine_text"]
