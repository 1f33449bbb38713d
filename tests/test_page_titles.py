"""Issue 22, defect 6: a page sent back with errors in its form says so first in its
<title>, the first thing a screen reader reads (GOV.UK's "Error: " prefix)."""

from __future__ import annotations

import html
import re

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _

from engage.i18n import LANG_COOKIE
from tests.factories import login, post_form


def _title(response) -> str:
    found = re.search(r"<title>(.*?)</title>", response.get_data(as_text=True), re.S)
    return html.unescape(found.group(1))


def test_a_form_sent_back_with_errors_says_error_first_in_the_title(client):
    assert _title(client.get("/account/register")) == "Create an account – Engage"
    response = post_form(client, "/account/register", {"email": "not an address"})
    assert response.status_code == 422
    assert _title(response) == "Error: Create an account – Engage"


def test_a_proposal_sent_back_with_errors(client, factories):
    consultation = factories.consultation()
    login(client, factories.user())
    url = f"/consultations/{consultation.slug}/proposals/new"
    response = post_form(client, url, {"title": "", "body": "Dim the lights."})
    assert response.status_code == 422
    assert _title(response).startswith("Error: ")
    assert not _title(client.get(url)).startswith("Error")


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_in_every_language(app, client, lang):
    client.set_cookie(LANG_COOKIE, lang)
    response = post_form(client, "/account/register", {"email": "not an address"})
    with app.test_request_context(), force_locale(lang):
        prefix = _("Error:")
    assert prefix != "Error:" or lang == "es"
    assert _title(response).startswith(prefix + " ")
