"""Every page, for every role, passes axe-core; key pages also reflow to 320 px.

The pages and who sees them are listed in ``tests/e2e/pages.py``.

One test walks all roles over the same data: pages that a role does not change are
then the same HTML, which axe checks once (see ``axe.py``). Every problem found, for
every role, is reported together at the end.
"""

from __future__ import annotations

from flask import url_for

from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import presentation_only, sign_in
from tests.e2e.pages import ANONYMOUS, NARROW, PAGES, ROLES, make_world
from tests.factories import PASSWORD

pytestmark = presentation_only

NARROW_WIDTH = 320


def test_every_page_is_accessible_for_every_role(page, base_url, app, factories):
    world = make_world(factories)
    usual_size = page.viewport_size
    problems = []
    for role in ROLES:
        page.context.clear_cookies()
        if role != ANONYMOUS:
            sign_in(page, base_url, world.users[role].email, PASSWORD)
        visible = [p for p in PAGES if role in p.seen_by]
        assert visible, f"no pages listed for {role}"
        for item in visible:
            where = f"as {role}, {item.name}"
            with app.test_request_context():
                path = item.path or url_for(item.endpoint, **item.values(world))
            response = page.goto(base_url + path)
            if response.status != item.status:
                problems.append(f"{where}: status {response.status}, expected {item.status}")
            if item.lands_on and not page.url.split("?")[0].endswith(item.lands_on):
                problems.append(f"{where}: ended on {page.url}, expected {item.lands_on}")
            try:
                assert_accessible(page)
            except AssertionError as error:
                problems.append(f"{where}: {error}")
            if item.name in NARROW:
                page.set_viewport_size({"width": NARROW_WIDTH, "height": 640})
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > NARROW_WIDTH:
                    problems.append(
                        f"{where}: {width}px wide at {NARROW_WIDTH}px (scrolls sideways)"
                    )
                page.set_viewport_size(usual_size)
    assert not problems, "\n".join(problems)
