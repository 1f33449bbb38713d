"""Spanish end to end: pages, the choice of language, complete catalogues, dates, numbers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.factories import login, post_form

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "engage" / "translations"
# The same keywords as `make translations-update`.
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}

ES = {"Accept-Language": "es-ES,es;q=0.9"}


def page(client, url, headers=ES, status=200):
    response = client.get(url, headers=headers)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def assert_spanish(html):
    assert '<html lang="es" dir="ltr"' in html
    # The layout: skip link, navigation, footer.
    assert "Saltar al contenido principal" in html
    assert ">Consultas<" in html
    assert "Declaración de accesibilidad" in html
    assert "Skip to main content" not in html


def test_home_page_in_spanish(client, factories):
    factories.consultation(status="open")

    html = page(client, "/")

    assert_spanish(html)
    assert "Opina sobre la tecnología en tu ciudad" in html
    assert "Abiertas ahora" in html
    assert "Iniciar sesión" in html


def test_sign_in_and_register_pages_in_spanish(client):
    login_page = page(client, "/account/login")
    register_page = page(client, "/account/register")

    assert_spanish(login_page)
    assert "Contraseña" in login_page
    assert "¿Olvidaste tu contraseña?" in login_page
    assert_spanish(register_page)
    assert "Nombre público" in register_page
    assert "Crear cuenta" in register_page


def test_form_errors_in_spanish(client):
    response = post_form(client, "/account/login", {"email": "", "password": ""}, headers=ES)

    html = response.get_data(as_text=True)
    assert "Escribe tu dirección de correo electrónico." in html
    assert "Escribe tu contraseña." in html


def test_consultation_page_in_spanish(client, factories):
    consultation = factories.consultation(status="open", title="Cámaras en la calle")
    factories.proposal(consultation, title="Borrar las imágenes cada semana")

    html = page(client, f"/consultations/{consultation.slug}")

    assert_spanish(html)
    assert "Cámaras en la calle" in html  # what officials wrote is shown as written
    assert "Propuestas" in html
    assert "Comentarios" in html
    assert "Hacer una propuesta" in html or "Inicia sesión para hacer una propuesta" in html


@pytest.mark.parametrize(
    ("url", "heading"),
    [("/no-such-page", "Página no encontrada"), ("/admin/users", "Iniciar sesión")],
)
def test_error_pages_in_spanish(client, url, heading):
    response = client.get(url, headers=ES)

    html = response.get_data(as_text=True) if response.status_code != 302 else ""
    if response.status_code == 302:  # signed-out visitors are sent to sign in, in Spanish
        html = page(client, response.headers["Location"])
        assert "Inicia sesión para continuar." in html
    assert_spanish(html)
    assert heading in html


def test_forbidden_page_in_spanish(client, factories):
    login(client, factories.user(locale="es"))

    html = page(client, "/admin/users", status=403)

    assert_spanish(html)
    assert "Tu cuenta no tiene permiso para esta página o acción." in html


def test_switcher_overrides_the_browser_language(client):
    data = {"lang": "es", "next": "/account/login"}
    response = post_form(client, "/language", data, headers={"Accept-Language": "ar"})

    assert response.status_code == 303
    assert_spanish(page(client, "/account/login", headers={"Accept-Language": "ar, en;q=0.5"}))


def test_saved_language_of_a_signed_in_person_wins(client, factories):
    user = factories.user(locale="es")
    login(client, user)
    client.set_cookie("lang", "ar")

    html = page(client, "/", headers={"Accept-Language": "en"})

    assert_spanish(html)
    assert "Tu cuenta" in html


def test_other_languages_stay_english_without_a_choice(client):
    html = page(client, "/", headers={"Accept-Language": "de, fr;q=0.8"})

    assert '<html lang="en" dir="ltr"' in html
    assert "Skip to main content" in html


def test_dates_use_spanish_month_names_in_the_site_timezone(app, client, factories, monkeypatch):
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_TIMEZONE", "America/Bogota")
    consultation = factories.consultation(
        status="upcoming",
        # 02:00 UTC on 12 March is 21:00 on 11 March in Bogotá (UTC-5, no summer time).
        opens_at=datetime(2099, 3, 12, 2, 0, tzinfo=UTC),
        closes_at=datetime(2099, 4, 20, 15, 30, tzinfo=UTC),
    )

    html = page(client, f"/consultations/{consultation.slug}")

    assert "11 de marzo de 2099, 21:00" in html
    assert "20 de abril de 2099, 10:30" in html
    assert "March" not in html


def test_counts_use_the_readers_number_format(client, factories):
    consultation = factories.consultation(status="open")
    factories.proposal(consultation, title="Popular", support_count=1234)

    assert "1.234 apoyos" in page(client, f"/consultations/{consultation.slug}")
    english = page(client, f"/consultations/{consultation.slug}", headers={"Accept-Language": "en"})
    assert "1,234 supports" in english


def _source_messages() -> set:
    """Every msgid in the code and templates now, as `make translations-update` finds them."""
    method_map = [
        ("engage/**.py", "python"),
        ("templates/**.html", "jinja2"),
        ("templates/**.txt", "jinja2"),
    ]
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def _problems(lang: str, wanted: set) -> list[str]:
    with open(CATALOGUES / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalogue = read_po(f, locale=lang)
    problems = [f"{m.id!r}: {error}" for m, errors in catalogue.check() for error in errors]
    have = set()
    for message in catalogue:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else tuple(message.id)
        have.add(key)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if message.fuzzy:
            problems.append(f"fuzzy: {key!r}")
        if not all(strings):
            problems.append(f"untranslated: {key!r}")
    problems += [f"missing (run make translations-update): {key!r}" for key in wanted - have]
    return problems


@pytest.fixture(scope="module")
def source_messages():
    return _source_messages()


@pytest.mark.parametrize(
    "lang",
    ["es", "ar"],
)
def test_catalogue_is_complete(lang, source_messages):
    problems = _problems(lang, source_messages)

    assert not problems, f"{len(problems)} problems in {lang}:\n" + "\n".join(problems[:40])
