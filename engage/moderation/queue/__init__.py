"""The moderation queue: open cases, filtered and sorted, claimed by one moderator at a time."""
