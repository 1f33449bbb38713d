from tests.e2e.axe import assert_accessible


def test_home_page_is_accessible(page, base_url):
    page.goto(base_url + "/")
    assert page.locator("h1").count() == 1
    assert_accessible(page)
