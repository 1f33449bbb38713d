"""Moderation decisions: hide, dismiss, approve, request an edit or suspend, with a cited rule."""
