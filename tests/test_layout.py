"""The site layout (templates/base.html): header, phase banner and breadcrumbs.

The breadcrumbs are checked on the server-rendered HTML of every page of the
accessibility sweep (tests/e2e/pages.py), for every role: every page but home has them.
How the header fits at 320 px is a browser test (tests/e2e/test_header.py).
"""

from __future__ import annotations

import re

import pytest

from config import DevelopmentConfig, ProductionConfig, TestingConfig
from engage import branding
from engage.extensions import db
from engage.i18n import LANG_COOKIE
from tests.apps import PRODUCTION_SECRET_KEY, separate_app
from tests.e2e.pages import PAGES, make_world, served_pages
from tests.factories import login

BREADCRUMBS = re.compile(r'<nav class="breadcrumbs" aria-label="Breadcrumb">(.*?)</nav>', re.S)


def _items(trail_html: str) -> list[str]:
    return re.findall(r"<li\b[^>]*>.*?</li>", trail_html, re.S)


def test_every_inner_page_of_the_sweep_has_breadcrumbs_and_home_has_none(app, factories):
    checked, problems = 0, []
    for role, item, response in served_pages(app, make_world(factories)):
        page = response.get_data(as_text=True)
        found = BREADCRUMBS.findall(page)
        where = f"{role}, {item.name}"
        checked += 1
        if item.name == "home":
            if found:
                problems.append(f"{where}: home has breadcrumbs")
            continue
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} breadcrumb trails")
            continue
        items = _items(found[0])
        first, last = items[0], items[-1]
        if 'href="/"' not in first:
            problems.append(f"{where}: the trail does not start at home")
        if 'aria-current="page"' not in last or "<a " in last:
            problems.append(f"{where}: the last item is not the current page")
        if not re.sub(r"<[^>]+>|\s", "", last):
            problems.append(f"{where}: the current page has no name")
        if any('aria-current="page"' in li for li in items[:-1]):
            problems.append(f"{where}: aria-current before the last item")
    assert checked > len(PAGES), f"only {checked} pages"
    assert not problems, "\n".join(problems)


def test_a_proposal_page_leads_back_through_its_consultation(client, factories):
    consultation = factories.consultation(title="Street lights")
    proposal = factories.proposal(consultation, title="Dim them at night")
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    items = _items(BREADCRUMBS.search(page).group(1))
    assert [re.sub(r"<[^>]+>", "", li).strip() for li in items] == [
        "Home",
        "Consultations",
        "Street lights",
        "Dim them at night",
    ]
    assert f'href="/consultations/{consultation.slug}"' in items[2]


def test_the_header_names_each_language_in_itself_as_a_link(client):
    for lang, current in (("en", "English"), ("es", "Español"), ("ar", "العربية")):
        client.set_cookie(LANG_COOKIE, lang)
        page = client.get("/consultations/").get_data(as_text=True)
        switcher = re.search(r'<nav class="language-links"[^>]*>(.*?)</nav>', page, re.S).group(1)
        assert f'<span lang="{lang}" aria-current="true">{current}</span>' in switcher
        for code, name in (("en", "English"), ("es", "Español"), ("ar", "العربية")):
            if code != lang:
                link = f'href="/language/{code}?next=/consultations/" lang="{code}"'
                link += f' hreflang="{code}">{name}</a>'
                assert link in switcher


def test_a_language_link_remembers_the_choice_and_returns(client, factories):
    response = client.get("/language/ar", query_string={"next": "/consultations/"})
    assert response.status_code == 303 and response.headers["Location"] == "/consultations/"
    assert client.get_cookie(LANG_COOKIE).value == "ar"
    assert 'lang="ar" dir="rtl"' in client.get("/consultations/").get_data(as_text=True)

    person = factories.user(locale="en")
    login(client, person)
    client.get("/language/es", query_string={"next": "/"})
    db.session.refresh(person)
    assert person.locale == "es"  # the account's choice, which wins over the cookie


def test_a_language_link_goes_nowhere_else(client):
    assert client.get("/language/xx").status_code == 404
    away = client.get("/language/es", query_string={"next": "https://evil.example/"})
    assert away.status_code == 303 and away.headers["Location"] == "/"


def test_the_phase_banner_shows_by_default_and_can_be_turned_off(client, tmp_path):
    page = client.get("/").get_data(as_text=True)
    assert '<strong class="tag tag--phase">Beta</strong>' in page
    assert "This is a new service." in page
    with separate_app(TestingConfig, tmp_path, PHASE_BANNER="") as quiet, quiet.app_context():
        db.create_all()
        page = quiet.test_client().get("/").get_data(as_text=True)
        assert "phase-banner" not in page and "This is a new service." not in page


def test_the_phase_banner_links_to_feedback_when_configured(tmp_path):
    settings = {"PHASE_BANNER": "alpha", "FEEDBACK_URL": "mailto:team@example.org"}
    with separate_app(TestingConfig, tmp_path, **settings) as other, other.app_context():
        db.create_all()
        page = other.test_client().get("/").get_data(as_text=True)
        assert '<strong class="tag tag--phase">Alpha</strong>' in page
        assert '<a href="mailto:team@example.org">feedback</a>' in page


def test_a_brand_colour_and_logo_come_with_their_policy(tmp_path):
    settings = {"BRAND_COLOUR": "#FFD700", "SITE_LOGO_URL": "https://cdn.example.org/logo.svg"}
    with separate_app(TestingConfig, tmp_path, **settings) as city, city.app_context():
        db.create_all()
        client = city.test_client()
        response = client.get("/")
        page = response.get_data(as_text=True)
        link = re.search(r'<link rel="stylesheet" href="(/brand\.css\?v=\w+)">', page).group(1)
        stylesheet = client.get(link)
        assert stylesheet.status_code == 200 and stylesheet.mimetype == "text/css"
        # Gold is light: black text reads on it, white would not.
        assert stylesheet.get_data(as_text=True) == ":root{--brand:#ffd700;--brand-text:#000}\n"
        assert "immutable" in stylesheet.headers["Cache-Control"]
        logo = 'class="site-identity__logo" src="https://cdn.example.org/logo.svg" alt=""'
        assert logo in page
        policy = response.headers["Content-Security-Policy"]
        assert "img-src 'self' data: https://cdn.example.org;" in policy
        assert "style-src 'self';" in policy  # no inline style, as always


def test_without_branding_there_is_no_brand_stylesheet(client):
    response = client.get("/")
    assert "/brand.css" not in response.get_data(as_text=True)
    assert "img-src 'self' data:;" in response.headers["Content-Security-Policy"]
    assert client.get("/brand.css").status_code == 404


@pytest.mark.parametrize(
    ("background", "text"), [("#0b4f8a", "#fff"), ("#ffd700", "#000"), ("#000000", "#fff")]
)
def test_the_header_text_colour_contrasts_with_the_brand(background, text):
    assert branding.text_colour_on(background) == text
    assert branding.contrast(background, "#ffffff" if text == "#fff" else "#000000") >= 4.5


@pytest.mark.parametrize(
    "settings",
    [
        {"BRAND_COLOUR": "red;}body{display:none"},
        {"BRAND_COLOUR": "#12345"},
        {"SITE_LOGO_URL": "javascript:alert(1)"},
    ],
)
def test_unsafe_branding_is_refused_at_start(tmp_path, settings):
    with pytest.raises(RuntimeError), separate_app(TestingConfig, tmp_path, **settings):
        pass


def test_the_pattern_page_is_served_in_development_and_tests(client, tmp_path):
    page = client.get("/patterns").get_data(as_text=True)
    for section in ("buttons", "fields", "errors", "support", "comment-controls", "charts"):
        assert f'id="pattern-{section}"' in page
    with separate_app(DevelopmentConfig, tmp_path, PATTERNS=True) as development:
        assert "patterns.index" in development.view_functions


def test_production_has_no_pattern_page(tmp_path):
    settings = {"SECRET_KEY": PRODUCTION_SECRET_KEY, "TRUSTED_HOSTS": ["localhost"]}
    with separate_app(ProductionConfig, tmp_path, **settings) as production:
        assert "patterns.index" not in production.view_functions
        with production.app_context():
            db.create_all()
        assert production.test_client().get("/patterns").status_code == 404
