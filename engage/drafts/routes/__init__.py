"""Every draft page on ``bp``: reading a draft and its clauses, and officials' editing.
Importing this package attaches them all."""

from engage.drafts import bp
from engage.drafts.routes import editing, reading  # noqa: F401

__all__ = ["bp"]
