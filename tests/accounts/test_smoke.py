from tests.factories import login


def test_login_and_profile(client, factories):
    user = factories.user()
    login(client, user)
    page = client.get("/account/profile")
    assert page.status_code == 200
    assert user.email in page.get_data(as_text=True)
