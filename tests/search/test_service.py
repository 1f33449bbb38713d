"""The search interface: index, unindex, search, on whichever database the tests run on."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from engage.extensions import db
from engage.search import service as search
from engage.search.engines import MARK_START, MARK_STOP


def found(query: str, **kwargs) -> list[tuple[str, int]]:
    return [(hit.kind, hit.ref_id) for hit in search.search(query, **kwargs)]


def test_finds_each_kind_with_its_consultation(indexed):
    consultation = indexed.consultation(summary="Cameras in the old harbour district.")
    proposal = indexed.proposal(consultation, "Ban live matching", body="Never in real time.")
    comment = indexed.comment(consultation, "Signs should warn people about the scanners.")

    assert found("harbour") == [("consultation", consultation.id)]
    assert found("matching") == [("proposal", proposal.id)]
    assert found("scanners") == [("comment", comment.id)]
    hit = search.search("scanners").hits[0]
    assert hit.consultation_id == consultation.id
    assert hit.consultation_title == "Rules for police use of facial recognition"
    assert hit.consultation_slug == consultation.slug
    assert hit.context == "Comment in Rules for police use of facial recognition"
    assert hit.title == "Comment: “Signs should warn people about the scanners.”"
    assert search.search("matching").hits[0].title == "Ban live matching"
    assert search.search("harbour").hits[0].context == "Consultation"


def test_comments_are_named_by_their_first_words(indexed):
    consultation = indexed.consultation()
    long = indexed.comment(consultation, "Scanners " + "in every station and on every bus " * 5)
    indexed.comment(consultation, "**Scanners** are [fine](https://example.org) by me")

    titles = {hit.ref_id: hit.title for hit in search.search("scanners")}
    assert "Comment: “Scanners are fine by me”" in titles.values()
    shortened = titles[long.id]
    assert shortened.startswith("Comment: “Scanners in every station and on")
    assert shortened.endswith("…”")
    assert len(shortened) <= search.OPENING_LENGTH + len("Comment: “…”")


def test_kind_filter_and_consultation_filter(indexed):
    first = indexed.consultation(title="Sensors on lamp posts", summary="Noise sensors.")
    second = indexed.consultation(title="Parking apps", summary="Sensors in parking bays.")
    proposal = indexed.proposal(second, "Publish sensor data", body="All sensors, openly.")

    assert set(found("sensors")) == {
        ("consultation", first.id),
        ("consultation", second.id),
        ("proposal", proposal.id),
    }
    assert found("sensors", kinds=["proposal"]) == [("proposal", proposal.id)]
    assert set(found("sensors", kinds=("proposal", "consultation"))) == set(found("sensors"))
    assert found("sensors", kinds=["nonsense"]) == []
    assert set(found("sensors", consultation_id=second.id)) == {
        ("consultation", second.id),
        ("proposal", proposal.id),
    }


def test_drafts_and_hidden_documents_are_never_found(indexed):
    draft = indexed.consultation(title="Secret drone plan", status="draft")
    public = indexed.consultation(title="Open drone plan")
    search.index("proposal", 901, public.id, "Drone proposal not yet public", "x", public=False)
    hidden = indexed.comment(public, "A drone comment under review", status="hidden")
    # Even a document wrongly marked public is not found while its consultation is a draft.
    search.index("proposal", 902, draft.id, "Drone proposal in a draft", "x", public=True)
    db.session.commit()

    assert found("drone") == [("consultation", public.id)]
    assert search.search("drone").total == 1
    assert ("comment", hidden.id) not in found("review")


def test_unindex_removes_and_index_replaces(indexed):
    consultation = indexed.consultation()
    proposal = indexed.proposal(consultation, "Independent audits", body="Yearly audits.")

    search.index("proposal", proposal.id, consultation.id, "External reviews", "Yearly.")
    db.session.commit()
    assert found("audits") == []
    assert found("external") == [("proposal", proposal.id)]

    search.unindex("proposal", proposal.id)
    db.session.commit()
    assert found("external") == []
    search.unindex("proposal", proposal.id)  # removing twice is harmless


def test_index_is_part_of_the_callers_transaction(indexed):
    consultation = indexed.consultation()
    search.index("proposal", 77, consultation.id, "Rolled back idea", "Gone.")
    db.session.rollback()
    assert found("rolled") == []


def test_same_id_in_different_kinds_are_different_documents(indexed):
    consultation = indexed.consultation(title="Biometric gates")
    search.index("proposal", consultation.id, consultation.id, "Biometric opt out", "x")
    search.index("comment", consultation.id, consultation.id, "", "Biometric worries")
    db.session.commit()
    assert sorted(found("biometric")) == sorted(
        [
            ("consultation", consultation.id),
            ("proposal", consultation.id),
            ("comment", consultation.id),
        ]
    )


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        search.index("amendmentx", 1, 1, "t", "b")


def test_title_matches_rank_first(indexed):
    consultation = indexed.consultation(title="Street safety", summary="Lighting.")
    in_body = indexed.proposal(
        consultation, "More lighting", body="Drones, drones and more drones over parks; drones."
    )
    in_title = indexed.proposal(consultation, "No drones over parks", body="Keep them out.")

    assert found("drones") == [("proposal", in_title.id), ("proposal", in_body.id)]


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("École numérique", "ecole"),
        ("ecole numerique", "ÉCOLE"),
        ("Café Zürich", "cafe zurich"),
        ("FACIAL Recognition", "facial recognition"),
        ("señales", "SENALES"),
        ("e\u0301cole", "école"),
        ("École", "e\u0301cole"),
    ],
)
def test_accents_and_case_are_ignored(indexed, stored, typed):
    consultation = indexed.consultation(title=stored, summary="x")
    assert found(typed) == [("consultation", consultation.id)]


def test_last_word_matches_as_a_prefix_for_live_search(indexed):
    consultation = indexed.consultation(title="Facial recognition in stations")
    assert found("recog") == [("consultation", consultation.id)]
    assert found("facial recog") == [("consultation", consultation.id)]
    assert found("stat") == [("consultation", consultation.id)]
    # Only the last word is a prefix: earlier words are whole words.
    assert found("fac recognition") == []
    # A finished phrase in quotes is not a prefix either.
    assert found('"facial recog"') == []


def test_every_word_must_match_and_quotes_make_a_phrase(indexed):
    consultation = indexed.consultation(title="Live facial recognition", summary="In parks.")
    other = indexed.consultation(title="Facial data kept live", summary="In parks.")

    both = {("consultation", consultation.id), ("consultation", other.id)}
    assert set(found("facial live")) == both
    assert found("facial museums") == []
    assert found('"live facial"') == [("consultation", consultation.id)]


HOSTILE = [
    '"',
    '""',
    '"unbalanced quote',
    "facial AND OR NOT",
    "AND",
    "NOT facial",
    "*",
    "face*",
    "* OR *",
    "(",
    "facial)",
    "NEAR(facial recognition, 2)",
    "NEAR(",
    "title:facial",
    "body : x",
    "^facial",
    "-facial +recognition",
    "'; DROP TABLE consultations; --",
    "1 OR 1=1",
    "facial' OR '1'='1",
    "\\",
    "a\\'b",
    ":*",
    "facial:* & !recognition | <->",
    "%_%",
    "\x00",
    "\ue000facial\ue001",
    "💥 🚓",
    "² ª ① ǅ 中文 ไทย facial",
    "ً́",
    "école",
    "_ __ ___",
    "x" * 5000,
    "facial " * 500,
    "é" * 300,
    " \t\n ",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_error(indexed, query):
    indexed.consultation(title="Facial recognition", summary="NEAR the station, AND more.")
    results = search.search(query)
    assert results.total >= 0


def test_hostile_queries_still_find_their_words(indexed):
    consultation = indexed.consultation(title="Facial recognition", summary="Station.")
    for query in ["(facial", "facial)", '"facial', "facial*", "facial:*", "facial' --", "^facial"]:
        assert ("consultation", consultation.id) in found(query), query


def test_snippet_is_escaped_and_only_marks_are_html(indexed):
    consultation = indexed.consultation()
    indexed.comment(
        consultation,
        'I object. <script>alert("x")</script> <b onmouseover=x>cameras</b> & more '
        f"{MARK_START}fake{MARK_STOP} cameras everywhere",
    )
    snippet = str(search.search("cameras", kinds=["comment"]).hits[0].snippet)

    assert "<script" not in snippet and "<b" not in snippet
    assert "&lt;script&gt;" in snippet or "alert" in snippet
    assert "<mark>cameras</mark>" in snippet
    assert "<mark>fake</mark>" not in snippet
    assert MARK_START not in snippet and MARK_STOP not in snippet
    without_marks = snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in without_marks


def test_markdown_is_indexed_as_text(indexed):
    consultation = indexed.consultation(
        summary="See **the report** at [the council site](https://evil.example/x).",
    )
    hit = search.search("report").hits[0]
    assert "**" not in hit.snippet and "https://evil.example" not in hit.snippet
    assert found("evil") == []  # link targets are not text people read
    assert found("council") == [("consultation", consultation.id)]


def test_highlight_ignores_markers_it_did_not_pair():
    assert search.highlight(f"a {MARK_STOP}b{MARK_START} <i>") == "a b &lt;i&gt;"
    assert search.highlight(f"{MARK_START}x{MARK_STOP}") == "<mark>x</mark>"


def test_pagination_counts_every_match(indexed):
    consultation = indexed.consultation(title="Park rules", summary="About parks.")
    for n in range(25):
        indexed.proposal(consultation, f"Bench idea {n}", body="More benches.")

    first = search.search("bench", limit=20)
    assert (len(first), first.total, first.has_next, first.has_previous) == (20, 25, True, False)
    second = search.search("bench", limit=20, offset=20)
    assert (len(second), second.total, second.has_next, second.has_previous) == (5, 25, False, True)
    assert {h.ref_id for h in first} & {h.ref_id for h in second} == set()
    beyond = search.search("bench", limit=20, offset=100)
    assert (len(beyond), beyond.total) == (0, 25)


def test_a_fixed_number_of_queries_whatever_the_number_of_results(app, indexed):
    consultations = [indexed.consultation(title=f"Lidar study {n}") for n in range(3)]
    for consultation in consultations:
        for n in range(4):
            indexed.proposal(consultation, f"Lidar proposal {n}")
            indexed.comment(consultation, f"Lidar comment {n}")

    statements = []

    def count(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with app.test_request_context():
            results = search.search("lidar")
            _ = [(hit.url, hit.context) for hit in results]
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert results.total == 27
    assert len(statements) == 2, statements  # the page, and the count of all matches


def test_empty_query_finds_nothing_without_touching_the_database(indexed):
    indexed.consultation()
    assert search.search("").total == 0
    assert search.search("  ?!  ").hits == []


def test_parse_terms():
    terms = search.parse_terms('Facial  "live  scanning" (NEAR) reco')
    assert [(t.words, t.prefix) for t in terms] == [
        (("Facial",), False),
        (("live", "scanning"), False),
        (("NEAR",), False),
        (("reco",), True),
    ]
    assert search.parse_terms("a") == (search.Term(("a",), prefix=False),)
    assert len(search.parse_terms("word " * 100)) == 1
    assert len(search.parse_terms(" ".join(f"w{n}" for n in range(50)))) == search.MAX_TERMS
    assert search.parse_terms("o'neil_x") == (
        search.Term(("o",)),
        search.Term(("neil",)),
        search.Term(("x",), prefix=False),
    )
