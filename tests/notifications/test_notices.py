"""In-app notices: who gets one, the header count, the list, marking read (htmx and not)."""

from __future__ import annotations

from engage.accounts.models import User
from engage.extensions import db
from engage.notifications import service
from engage.notifications.models import Notice
from tests.factories import login, post_form
from tests.notifications.conftest import reply
from tests.notifications.helpers import notice_for


def _notices(user) -> list[Notice]:
    return list(db.session.scalars(db.select(Notice).where(Notice.user_id == user.id)))


def test_a_reply_notifies_the_comment_author_not_the_replier(app, factories):
    amina, jo = factories.user(name="Amina K."), factories.user(name="Jo")
    consultation = factories.consultation(title="Facial recognition rules")
    comment = factories.comment(consultation, author=amina, body="Who reads the data?")

    assert reply(app, jo, comment, "The police, with a warrant.").status_code == 303

    [notice] = _notices(amina)
    assert notice.kind == "comment_reply"
    assert notice.data["actor"] == "Jo"
    assert notice.data["url"].startswith("/comments/")
    assert notice.data["excerpt"] == "The police, with a warrant."
    assert _notices(jo) == []
    db.session.expire_all()
    assert db.session.get(User, amina.id).unread_notices == 1
    # Replying to yourself is not news.
    factories.comment(parent=comment, author=amina, body="Thanks.")
    assert len(_notices(amina)) == 1


def test_commenting_and_proposing_follow_automatically(app, factories):
    person = factories.user()
    consultation = factories.consultation()
    factories.comment(consultation, author=person)
    proposal = factories.proposal(consultation)
    factories.comment(proposal, author=person)
    assert service.is_following(person, "consultation", consultation.id)
    assert service.is_following(person, "proposal", proposal.id)

    from engage.proposals import service as proposals

    mine = proposals.create(person, consultation, "Ban live scanning", "No crowds.")
    assert service.is_following(person, "proposal", mine.id)


def test_header_count_list_and_mark_read(app, client, factories):
    person = factories.user()
    first = notice_for(person, title="Sensors")
    notice_for(person, title="Cameras")
    login(client, person)

    page = client.get("/").get_data(as_text=True)
    assert 'id="notices-link"' in page and "2 unread" in page

    listing = client.get("/notifications").get_data(as_text=True)
    assert listing.count('class="card notice notice--unread"') == 2
    assert "replied to your comment on “Sensors”" in listing

    # htmx: the notice comes back read, with the header count out of band.
    token = _token(client)
    swapped = client.post(
        f"/notifications/{first.id}/read",
        data={"csrf_token": token},
        headers={"HX-Request": "true"},
    )
    fragment = swapped.get_data(as_text=True)
    assert swapped.status_code == 200
    assert "notice--unread" not in fragment and "Marked as read." in fragment
    assert 'data-hx-swap-oob="true"' in fragment and "1 unread" in fragment

    # Without JavaScript: mark all, back to the list.
    done = post_form(client, "/notifications/read-all", {}, form_url="/notifications")
    assert done.status_code == 303
    page = client.get("/notifications").get_data(as_text=True)
    assert _header_link(page) == '<a id="notices-link" href="/notifications">Notifications</a>'
    assert "notice--unread" not in page
    db.session.expire_all()
    assert db.session.get(User, person.id).unread_notices == 0


def test_someone_elses_notice_is_not_found(app, client, factories):
    owner, other = factories.user(), factories.user()
    notice = notice_for(owner)
    login(client, other)
    response = client.post(f"/notifications/{notice.id}/read", data={"csrf_token": _token(client)})
    assert response.status_code == 404
    db.session.refresh(notice)
    assert notice.read_at is None


def test_follow_and_unfollow_with_and_without_htmx(app, client, factories):
    person = factories.user()
    consultation = factories.consultation(title="Streetlight sensors")
    login(client, person)
    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert f'action="/follow/consultation/{consultation.id}"' in page

    plain = post_form(
        client,
        f"/follow/consultation/{consultation.id}",
        {"next": f"/consultations/{consultation.slug}"},
        form_url=f"/consultations/{consultation.slug}",
    )
    assert plain.status_code == 303
    assert plain.headers["Location"] == f"/consultations/{consultation.slug}"
    assert service.followers("consultation", consultation.id) == [person.id]
    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert f'action="/unfollow/consultation/{consultation.id}"' in page

    swapped = client.post(
        f"/unfollow/consultation/{consultation.id}",
        data={"csrf_token": _token(client)},
        headers={"HX-Request": "true"},
    )
    fragment = swapped.get_data(as_text=True)
    assert swapped.status_code == 200
    # The button, and the words for the status line that stays in the page (out of band).
    assert fragment.lstrip().startswith(f'<form id="follow-consultation-{consultation.id}-form"')
    assert (
        f'<p id="follow-consultation-{consultation.id}-status" data-hx-swap-oob="innerHTML">'
        "You no longer follow this.</p>"
    ) in fragment
    assert service.followers("consultation", consultation.id) == []


def test_follow_refuses_unknown_or_hidden_targets_and_outside_links(app, client, factories):
    person = factories.user()
    draft = factories.consultation("draft")
    proposal = factories.proposal()
    login(client, person)
    token = _token(client)
    assert client.post("/follow/user/1", data={"csrf_token": token}).status_code == 404
    assert (
        client.post(f"/follow/consultation/{draft.id}", data={"csrf_token": token}).status_code
        == 404
    )
    response = client.post(
        f"/follow/proposal/{proposal.id}", data={"csrf_token": token, "next": "//evil.example/"}
    )
    assert response.headers["Location"] == f"/proposals/{proposal.id}"


def test_settings_page_lists_follows_and_saves_choices(app, client, factories):
    person = factories.user()
    consultation = factories.consultation(title="Digital ID")
    service.follow(person, "consultation", consultation.id)
    db.session.commit()
    login(client, person)
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert "Digital ID" in page
    assert _checked(page, "replies") == "immediately"
    assert _checked(page, "drafts") == "digest"  # things you follow wait for the digest

    response = post_form(
        client, "/notifications/settings", {"replies": "digest", "consultations": "never"}
    )
    assert response.status_code == 303
    chosen = service.frequencies(person)
    assert chosen["replies"] == "digest" and chosen["consultations"] == "never"
    assert chosen["answers"] == "immediately"  # untouched default

    bad = post_form(client, "/notifications/settings", {"replies": "hourly"})
    assert bad.status_code == 422


def _header_link(page: str) -> str:
    import re

    return re.search(r'<a id="notices-link".*?</a>', page, re.S).group(0)


def _checked(page: str, name: str) -> str:
    import re

    inputs = re.findall(r"<input[^>]*>", page)
    [value] = [
        re.search(r'value="([^"]+)"', i).group(1)
        for i in inputs
        if f'name="{name}"' in i and "checked" in i
    ]
    return value


def _token(client) -> str:
    from tests.factories import csrf_token_from

    return csrf_token_from(client.get("/notifications").get_data(as_text=True))


def test_pages_and_notices_in_spanish(app, client, factories):
    person = factories.user(locale="es")
    notice_for(person, title="Cámaras")
    login(client, person)
    client.set_cookie("lang", "es")
    page = client.get("/notifications").get_data(as_text=True)
    assert "Notificaciones" in page and "1 sin leer" in page
    assert "respondió a tu comentario en «Cámaras»" in page
    settings = client.get("/notifications/settings").get_data(as_text=True)
    assert "Respuestas a tus comentarios" in settings and "En un resumen diario" in settings
