"""Search index interface. Feature services call index()/unindex() in their transaction.

Placeholder until the full-text implementation lands: it accepts the calls so that
features can wire them in now.
"""

from __future__ import annotations

KINDS = ("consultation", "proposal", "comment")


def index(kind: str, ref_id: int, consultation_id: int, title: str, body: str,
          public: bool = True) -> None:  # fmt: skip
    """Add or replace one document. ``public=False`` keeps it out of results (drafts, hidden)."""


def unindex(kind: str, ref_id: int) -> None:
    """Remove one document (withdrawn, deleted)."""
