"""The public moderation log: every decision, its rule and any appeal, with statistics and CSV."""
