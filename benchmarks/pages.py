"""Pages of the later features, measured by benchmarks/run.py."""

from __future__ import annotations

from benchmarks.generate import BUSY_SLUG
from benchmarks.generate_features import OUTCOME_CONSULTATION


def feature_pages(url: str, moderator: str, resident: str | None = None) -> list:
    from benchmarks.run import Page

    draft = f"/consultations/{BUSY_SLUG}/draft"
    return [
        Page("draft (200 clauses)", draft),
        Page("draft diff v1 to v2", f"{draft}/diff?from=1&to=2"),
        Page("amendments list (2,000)", f"{draft}/amendments"),
        Page("moderation queue (moderator)", "/moderation/queue", role=moderator),
        Page("public moderation log", "/moderation/log"),
        Page(
            "outcome report (500 proposals)",
            f"/consultations/consultation-{OUTCOME_CONSULTATION}/outcome",
        ),
        Page("accountability dashboard", "/accountability"),
        Page("API: proposals, first page", "/api/v1/proposals"),
        # The opinion map (issue 16): 1,000 statements, 500,000 votes.
        Page("opinion map: vote (500,000 votes)", f"/consultations/{BUSY_SLUG}/opinion-map"),
        Page(
            "opinion map: vote, signed in",
            f"/consultations/{BUSY_SLUG}/opinion-map",
            role=resident,
        ),
        Page("opinion map: results", f"/consultations/{BUSY_SLUG}/opinion-map/results"),
    ]
