"""In Spanish, htmx's own failure messages (written by app.js) are in Spanish too."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

SPANISH = pytest.mark.browser_context_args(
    locale="es-ES", extra_http_headers={"Accept-Language": "es"}
)


@SPANISH
def test_failed_and_offline_requests_are_announced_in_spanish(page, base_url):
    page.goto(base_url + "/search")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    status = page.locator("#js-status")
    box = page.get_by_role("searchbox", name="Buscar consultas, propuestas y comentarios").last

    page.route("**/search?*", lambda route: route.abort())
    box.fill("sensores")
    expect(status).to_have_text("Parece que no tienes conexión. Tu texto sigue en el formulario.")

    # Last: a failed response is swapped in (error pages are written to be shown).
    page.unroute("**/search?*")
    page.route("**/search?*", lambda route: route.fulfill(status=500, body="oops"))
    box.fill("cámaras")
    expect(status).to_have_text("Algo salió mal. Inténtalo de nuevo.")
