"""Surveys and polls inside a consultation: structured questions (choices, rankings,
scales, numbers, text), answered online or recorded from paper and phone, with results
computed in SQL."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("surveys", __name__)
