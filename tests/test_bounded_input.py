"""Out-of-range numbers and NUL bytes are bad input, never a server error (security finding 5).

SQLite refuses integers past 2**63 - 1 (OverflowError) and PostgreSQL's ``integer`` past
2**31 - 1; PostgreSQL refuses NUL in any text. Each case below gave a 500 before.
"""

from __future__ import annotations

import pytest

from engage.comments.models import Comment
from engage.extensions import db
from tests.comments.helpers import post_comment, thread_url
from tests.factories import login
from tests.notifications.helpers import notice_for

HUGE = "99999999999999999999999"  # past SQLite's 64-bit integers
PAST_INT4 = "3000000000"  # past PostgreSQL's integer
OUT_OF_RANGE = (HUGE, PAST_INT4, "-" + HUGE, "-" + PAST_INT4)


@pytest.fixture
def admin_client(client, factories):
    login(client, factories.user("admin"))
    return client


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_comment_thread_ignores_an_out_of_range_page(client, factories, value):
    consultation = factories.consultation("open")
    comment = factories.comment(on=consultation)
    response = client.get(thread_url(consultation, after=value))
    assert response.status_code == 200
    assert f'id="comment-{comment.id}"' in response.get_data(as_text=True)


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_comment_thread_of_an_out_of_range_target_is_not_found(client, value):
    response = client.get(f"/comments/thread?target_type=proposal&target_id={value}")
    assert response.status_code == 404


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_one_comment_ignores_an_out_of_range_page(client, factories, value):
    comment = factories.comment()
    response = client.get(f"/comments/{comment.id}?after={value}")
    assert response.status_code == 200
    assert f'id="comment-{comment.id}"' in response.get_data(as_text=True)


def test_a_forged_thread_cursor_with_huge_numbers_is_ignored(client, factories):
    import base64

    consultation = factories.consultation("open")
    comment = factories.comment(on=consultation)
    cursor = base64.urlsafe_b64encode(f"best.{HUGE}.{HUGE}".encode()).decode().rstrip("=")
    response = client.get(thread_url(consultation, after=cursor))
    assert response.status_code == 200
    assert f'id="comment-{comment.id}"' in response.get_data(as_text=True)


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_moderation_log_ignores_out_of_range_numbers(client, value):
    assert client.get(f"/moderation/log?after={value}").status_code == 200
    assert client.get(f"/moderation/log?consultation={value}").status_code == 200


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_notifications_ignore_an_out_of_range_page(client, factories, value):
    user = factories.user()
    notice_for(user, title="Your reply")
    login(client, user)
    response = client.get(f"/notifications?after={value}")
    assert response.status_code == 200
    assert "Your reply" in response.get_data(as_text=True)


@pytest.mark.parametrize("value", OUT_OF_RANGE)
@pytest.mark.parametrize("path", ["/admin/users", "/admin/audit", "/moderation/queue"])
def test_staff_lists_ignore_an_out_of_range_page(admin_client, path, value):
    assert admin_client.get(f"{path}?after={value}").status_code == 200


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_moderation_queue_ignores_an_out_of_range_consultation(admin_client, value):
    assert admin_client.get(f"/moderation/queue?consultation={value}").status_code == 200
    response = admin_client.get(f"/moderation/queue?sort=reports&after={value}-{value}")
    assert response.status_code == 200


@pytest.mark.parametrize("value", [HUGE, PAST_INT4, "0" * 30 + "1", "9" * 5000])
@pytest.mark.parametrize("path", ["/proposals/{}", "/comments/{}", "/amendments/{}"])
def test_an_out_of_range_id_in_a_path_is_not_found(client, path, value):
    assert client.get(path.format(value)).status_code == 404


@pytest.mark.parametrize("path", ["/consultations/%00", "/consultations/a%00b/draft"])
def test_a_nul_in_a_path_is_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "url", ["/search?q=a%00b", "/consultations/?topic=%00&page=%00", "/accountability?q=%00"]
)
def test_a_nul_in_a_query_is_dropped(client, url):
    assert client.get(url).status_code == 200


def test_search_shows_the_query_without_its_nul(client):
    page = client.get("/search?q=sens%00ors").get_data(as_text=True)
    assert 'value="sensors"' in page


def test_a_comment_with_a_nul_is_saved_without_it(client, factories):
    consultation = factories.consultation("open")
    login(client, factories.user())
    response = post_comment(client, consultation, body="Keep every\x00 word of this.")
    assert response.status_code == 303
    assert db.session.scalars(db.select(Comment.body)).all() == ["Keep every word of this."]


def test_a_reply_with_a_nul_is_saved_without_it(client, factories):
    from tests.comments.helpers import post

    parent = factories.comment()
    login(client, factories.user())
    data = {"target_type": "consultation", "target_id": parent.target_id, "parent_id": parent.id}
    response = post(client, "/comments", {**data, "body": "A\x00 reply."})
    assert response.status_code == 303
    assert db.session.scalar(db.select(Comment.body).where(Comment.parent_id == parent.id)) == (
        "A reply."
    )


def test_every_path_number_and_segment_is_bounded(app):
    """Routes get their converters from engage.params, so none can take a number the
    database can't hold, or a NUL."""
    from werkzeug.routing.converters import NumberConverter, UnicodeConverter

    from engage.params import MAX_INT, IdConverter, SegmentConverter

    for rule in app.url_map.iter_rules():
        for name, converter in rule._converters.items():
            where = f"{rule.rule} <{name}>"
            if isinstance(converter, NumberConverter):
                assert isinstance(converter, IdConverter), where
                assert converter.min >= 0 and converter.max <= MAX_INT, where
            if isinstance(converter, UnicodeConverter):
                assert isinstance(converter, SegmentConverter), where


def test_no_route_reads_a_number_past_the_bound():
    """``request.args.get(..., type=int)`` takes any size of number: use arg_int."""
    from pathlib import Path

    import engage

    unbounded = [
        f"{path.name}:{n}"
        for path in Path(engage.__file__).parent.rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if "type=int" in line
    ]
    assert not unbounded, f"use engage.params.arg_int instead of type=int: {unbounded}"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", 0),
        ("2147483647", 2147483647),
        ("2147483648", None),
        ("-1", None),
        ("١٢", None),  # digits, but not ASCII ones
        ("²", None),
        ("1e3", None),
        ("", None),
        (None, None),
        (7, 7),
        (True, None),
    ],
)
def test_bounded_int(raw, expected):
    from engage.params import bounded_int

    assert bounded_int(raw) == expected
