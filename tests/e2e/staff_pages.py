"""Staff pages from issue 22 (worklists, closing, conflicts, the audit log): who sees them.

``pages.py`` adds these to the sweep; they use the sweep's ``World``.
"""

from __future__ import annotations


def staff_pages(page, roles: dict) -> list:
    managers = roles["MANAGERS"]
    return [
        page("staff: what needs you today", "staff.today", managers | roles["MODERATORS"]),
        page(
            "consultation: close now",
            "consultations.close_consultation",
            managers,
            lambda w: {"slug": w.c["open"].slug},
        ),
    ]
