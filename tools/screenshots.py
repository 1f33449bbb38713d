"""Screenshots of the key pages for docs/screenshots/: ``make screenshots``.

Seeds the demo data into a temporary database, serves the app on a free local port, and
captures each page with Playwright and Chromium at 1280 and 320 CSS pixels wide, in
English and Arabic, as the person who would see it (staff pages as the demo moderator
and official). Pages taller than MAX_HEIGHT are cut there; the PNGs are reduced to 256
colours when Pillow is installed. Set CHROMIUM_PATH for a Chromium elsewhere than
/usr/bin/chromium.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
WIDTHS = (1280, 320)
LANGUAGES = ("en", "ar")
MAX_HEIGHT = {1280: 2000, 320: 3200}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
MAIN = "rules-for-police-use-of-facial-recognition"
CLOSED = "algorithmic-risk-scoring-in-child-welfare-services"


def _environment(folder: Path) -> None:
    """Settings for a throw-away development app, before engage is imported."""
    os.environ.update(
        ENGAGE_ENV="development",
        ENGAGE_INSTANCE_PATH=str(folder),
        DATABASE_URL=f"sqlite:///{folder / 'screenshots.db'}",
        MAIL_OUTBOX=str(folder / "outbox"),
        RATELIMIT_ENABLED="0",
        REDIS_URL="",
    )


def _app():
    from flask_migrate import upgrade

    from engage import create_app, demo
    from engage.extensions import db

    app = create_app()
    app.config["MAIL_TO_CONSOLE"] = False
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        demo.seed()
        db.session.commit()
    return app


def _serve(app) -> tuple[str, object]:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def _pages(app) -> list[tuple[str, str | None, str]]:
    """(file name, who is signed in, path)."""
    from sqlalchemy import select

    from engage.consultations.models import Consultation
    from engage.extensions import db
    from engage.proposals.models import Proposal

    with app.app_context():
        main = db.session.scalar(select(Consultation).where(Consultation.slug == MAIN))
        proposal = db.session.scalar(
            select(Proposal)
            .where(Proposal.consultation_id == main.id)
            .order_by(Proposal.support_count.desc(), Proposal.id)
        )
        proposal_id = proposal.id
    return [
        ("home", None, "/"),
        ("consultation", None, f"/consultations/{MAIN}"),
        ("proposal", None, f"/proposals/{proposal_id}"),
        ("diff", None, f"/consultations/{MAIN}/draft/diff?from=1&to=2"),
        ("moderation-queue", "moderator@example.org", "/moderation/queue"),
        ("answers", "official@example.org", f"/consultations/{MAIN}/answers"),
        ("outcome-report", None, f"/consultations/{CLOSED}/outcome"),
    ]


def _sign_in(context, base_url: str, app, email: str) -> None:
    """The sign-in form's two steps, posted directly (the demo password and TOTP key)."""
    import pyotp

    from engage.demo.accounts import DEMO_PASSWORD, DEMO_TOTP_SECRET

    def post(path: str, form: dict) -> str:
        page = context.request.get(base_url + path).text()
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
        response = context.request.post(
            base_url + path, form={"csrf_token": token, **form}, max_redirects=0
        )
        assert response.status in (302, 303), f"{path} as {email}: {response.status}"
        return response.headers["location"]

    where = post("/account/login", {"email": email, "password": DEMO_PASSWORD})
    if "two-factor" in where:
        post("/account/two-factor/verify", {"code": pyotp.TOTP(DEMO_TOTP_SECRET).now()})


def _optimise(path: Path) -> None:
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def _shoot(page, url: str, width: int, file: Path) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status}"
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT[width])
    page.screenshot(
        path=str(file), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height}
    )
    _optimise(file)


def capture(base_url: str, app) -> list[Path]:
    from playwright.sync_api import sync_playwright

    pages = _pages(app)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox", "--disable-gpu"]
        )
        contexts = {}
        for who in {who for _, who, _ in pages}:
            context = browser.new_context(device_scale_factor=1)
            if who:
                _sign_in(context, base_url, app, who)
            contexts[who] = context
        for lang in LANGUAGES:
            for context in contexts.values():
                # The link in the header: a cookie, and the account's saved language.
                context.request.get(f"{base_url}/language/{lang}?next=/")
            for name, who, path in pages:
                page = contexts[who].new_page()
                for width in WIDTHS:
                    file = OUT / f"{name}-{width}-{lang}.png"
                    _shoot(page, base_url + path, width, file)
                    written.append(file)
                page.close()
        browser.close()
    return written


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="engage-screenshots-") as folder:
        _environment(Path(folder))
        sys.path.insert(0, str(ROOT))
        app = _app()
        base_url, server = _serve(app)
        try:
            written = capture(base_url, app)
        finally:
            server.shutdown()
    total = sum(f.stat().st_size for f in written)
    print(f"{len(written)} screenshots in {OUT.relative_to(ROOT)}, {total / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
