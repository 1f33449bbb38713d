"""Reports: a signed-in person flags a proposal, comment, amendment or user."""

from __future__ import annotations

from engage.moderation import bp  # noqa: F401
