"""Optional demographics and who is missing.

People may answer a few self-declared questions once, on their account page; answers
are stored apart from the profile (demographic_answers) and shown only as counts, with
the Small Numbers Rule (engage.demographics.suppression). Officials compare a
consultation's participants with the population shares admins entered.
"""

from flask import Blueprint

bp = Blueprint("demographics", __name__)
