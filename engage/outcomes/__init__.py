"""Outcomes: official responses, outcome reports, commitments and the accountability dashboard."""

from flask import Blueprint

bp = Blueprint("outcomes", __name__)
