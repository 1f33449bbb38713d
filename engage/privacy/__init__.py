"""Residents' data rights: download everything the site holds about you, delete your account.

Which tables hold a person is read from the schema itself (every foreign key to
``users``, engage.privacy.registry), so a table added by any feature is exported at
once and must say what account deletion does with it before the tests pass.
"""

from flask import Blueprint

bp = Blueprint("privacy", __name__)
