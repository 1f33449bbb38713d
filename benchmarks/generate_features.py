"""The generator's steps for co-drafting, moderation and outcomes (see generate.py)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from benchmarks.generate import NOW, Generator, insert_rows

DRAFT_CONSULTATION = 1  # the busy one
OUTCOME_CONSULTATION = 4  # closed, with a published outcome and 500 proposals


def draft_and_amendments(gen: Generator) -> None:
    """A 200-clause draft in two published versions, with 2,000 amendments in every state."""
    from engage.amendments.models import Amendment, AmendmentSupport
    from engage.drafts.models import Clause, ClauseVersion, Draft, DraftVersion

    official = gen.consultation_rows[DRAFT_CONSULTATION]["official_id"]
    insert_rows(
        Draft.__table__,
        [
            {
                "id": 1,
                "consultation_id": DRAFT_CONSULTATION,
                "title": "City camera and sensor rules",
                "created_at": NOW - timedelta(days=30),
                "updated_at": NOW - timedelta(days=5),
                "current_version_number": 2,
                "has_unpublished_changes": False,
            }
        ],
        "drafts",
        gen,
    )
    clauses, numbers = [], Counter()
    for position in range(1, gen.n(200) + 1):
        kind = "section" if position % 10 == 1 else "clause"
        numbers[kind] += 1
        text = gen.sentence(5) if kind == "section" else gen.paragraph(gen.rng.randint(2, 4))
        clauses.append(
            {
                "id": position,
                "draft_id": 1,
                "number": numbers[kind],
                "kind": kind,
                "position": position,
                "text": text,
                "removed": False,
                "created_at": NOW - timedelta(days=30),
                "updated_at": NOW - timedelta(days=30),
                "comment_count": 0,
                "amendment_count": 0,
            }
        )
    only_clauses = [c for c in clauses if c["kind"] == "clause"]
    changed = {c["id"]: c["text"] for c in gen.rng.sample(only_clauses, min(5, len(only_clauses)))}
    for clause_id in changed:  # v2 accepted one amendment to each of these five
        clauses[clause_id - 1]["text"] = changed[clause_id] + " " + gen.sentence(8)
    insert_rows(Clause.__table__, clauses, "clauses", gen)
    versions, snapshots = [], []
    for number in (1, 2):
        versions.append(
            {
                "id": number,
                "draft_id": 1,
                "number": number,
                "title": "City camera and sensor rules",
                "published_at": NOW - timedelta(days=20 if number == 1 else 5),
                "published_by_id": official,
                "note": f"Version {number}",
                "clause_count": len(clauses),
            }
        )
        for c in clauses:
            text = changed.get(c["id"], c["text"]) if number == 1 else c["text"]
            snapshots.append(
                {
                    "draft_version_id": number,
                    "clause_id": c["id"],
                    "number": c["number"],
                    "kind": c["kind"],
                    "position": c["position"],
                    "text": text,
                }
            )
    insert_rows(DraftVersion.__table__, versions, "draft versions", gen)
    insert_rows(ClauseVersion.__table__, snapshots, "clause versions", gen)

    amendments, supports = [], []
    accepted_left = list(changed)
    for aid in range(1, gen.n(2_000) + 1):
        clause = accepted_left.pop() if accepted_left else gen.rng.choice(only_clauses)["id"]
        if clause in changed and aid <= len(changed):
            status = "accepted"
        else:
            status = gen.rng.choices(("proposed", "rejected", "withdrawn"), (75, 18, 7))[0]
        v1_text = changed.get(clause, clauses[clause - 1]["text"])
        kind = gen.rng.choices(("replace", "insert_after", "delete"), (70, 20, 10))[0]
        row = {
            "id": aid,
            "draft_id": 1,
            "clause_id": clause,
            "consultation_id": DRAFT_CONSULTATION,
            "author_id": gen.rng.choice(gen.ids["resident"]),
            "kind": "replace" if status == "accepted" else kind,
            "text": ""
            if kind == "delete" and status != "accepted"
            else (clauses[clause - 1]["text"] if status == "accepted" else gen.paragraph(2)),
            "rationale": gen.paragraph(1),
            "based_on_version_number": 1,
            "based_on_text": v1_text,
            "status": status,
            "support_count": 0,
            "comment_count": 0,
            "visibility": "visible",
            "created_at": NOW - timedelta(days=19, minutes=aid),
        }
        if status in ("accepted", "rejected"):
            row.update(
                decided_by_id=official,
                decided_at=NOW - timedelta(days=6),
                decision_reason=gen.paragraph(1),
            )
        if status == "accepted":
            row.update(accepted_in_version_number=2, accepted_text=row["text"])
        if status == "withdrawn":
            row["withdrawn_at"] = NOW - timedelta(days=10)
        amendments.append(row)
        clauses[clause - 1]["amendment_count"] += 1
        for user_id in gen.rng.sample(gen.ids["resident"], gen.rng.choice((0, 1, 2, 5, 10, 30))):
            supports.append({"amendment_id": aid, "user_id": user_id, "created_at": NOW})
            row["support_count"] += 1
    insert_rows(Amendment.__table__, amendments, "amendments", gen)
    insert_rows(AmendmentSupport.__table__, supports, "amendment supports", gen)
    _update_counts(
        Clause.__table__, [(c["id"], c["amendment_count"]) for c in clauses], "amendment_count"
    )
    # Clause comments come out of the consultation's share (see comments_and_votes).
    gen.extra_targets = [("clause", c["id"], DRAFT_CONSULTATION) for c in only_clauses]
    gen.draft_clause_table = Clause.__table__


def _update_counts(table, pairs: list[tuple[int, int]], column: str) -> None:
    from sqlalchemy import bindparam, update

    from engage.extensions import db

    if pairs:
        db.session.execute(
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values({column: bindparam("value")}),
            [{"row_id": i, "value": v} for i, v in pairs],
            execution_options={"synchronize_session": False},
        )


def clause_comment_counts(gen: Generator) -> None:
    counts = Counter(c["target_id"] for c in gen.comment_rows if c["target_type"] == "clause")
    _update_counts(gen.draft_clause_table, sorted(counts.items()), "comment_count")


def moderation_history(gen: Generator) -> None:
    """Reports, decided cases (with some appeals) and an open queue on the busy consultation."""
    from sqlalchemy import update

    from engage.comments.models import Comment
    from engage.extensions import db
    from engage.guidelines.service import current_version
    from engage.moderation.decision_models import Appeal, ModerationAction
    from engage.moderation.decisions.service import public_ref
    from engage.moderation.models import ModerationCase, Report

    rules = current_version()
    moderators = gen.ids["moderator"]
    candidates = [c for c in gen.comment_rows if c["consultation_id"] == DRAFT_CONSULTATION]
    chosen = gen.rng.sample(candidates, min(len(candidates), gen.n(500)))
    cases, reports, actions, appeals, hidden = [], [], [], [], []
    reasons = ("spam", "harassment", "personal_information", "off_topic", "other")
    for case_id, comment in enumerate(chosen, start=1):
        opened = NOW - timedelta(days=gen.rng.randint(0, 15), minutes=case_id)
        decided = case_id > gen.n(200)  # the first 200 wait in the queue
        reporters = gen.rng.sample([u for u in gen.ids["resident"] if u != comment["author_id"]], 3)
        case = {
            "id": case_id,
            "target_type": "comment",
            "target_id": comment["id"],
            "consultation_id": DRAFT_CONSULTATION,
            "author_id": comment["author_id"],
            "state": "closed" if decided else "open",
            "trigger": "reports",
            "signals": "",
            "report_count": len(reporters),
            "public_reason": "Hidden after 3 reports, waiting for a moderator",
            "opened_at": opened,
        }
        for reporter in reporters:
            reports.append(
                {
                    "case_id": case_id,
                    "target_type": "comment",
                    "target_id": comment["id"],
                    "reporter_id": reporter,
                    "reason": gen.rng.choice(reasons),
                    "detail": "",
                    "created_at": opened,
                }
            )
        if not decided:
            hidden.append(comment["id"])
            cases.append(case)
            continue
        action = gen.rng.choices(("hide", "dismiss"), (60, 40))[0]
        moderator = gen.rng.choice(moderators)
        at = opened + timedelta(hours=gen.rng.randint(1, 72))
        case.update(
            closed_at=at,
            public_reason=("Hidden by a moderator under rule 2" if action == "hide" else ""),
        )
        cases.append(case)
        if action == "hide":
            hidden.append(comment["id"])
        actions.append(
            {
                "id": len(actions) + 1,
                "case_id": case_id,
                "target_type": "comment",
                "target_id": comment["id"],
                "consultation_id": DRAFT_CONSULTATION,
                "author_id": comment["author_id"],
                "moderator_id": moderator,
                "action": action,
                "rule_number": 2 if action == "hide" else None,
                "guidelines_version_id": rules.id,
                "note": gen.sentence(8) if action == "hide" else "",
                "public_ref": public_ref("comment", comment["id"]),
                "response_seconds": int((at - opened).total_seconds()),
                "created_at": at,
            }
        )
        if action == "hide" and gen.rng.random() < 0.15:
            other = gen.rng.choice([m for m in moderators if m != moderator])
            appeals.append(
                {
                    "action_id": len(actions),
                    "appellant_id": comment["author_id"],
                    "statement": gen.paragraph(1),
                    "status": "upheld",
                    "decided_by_id": other,
                    "decision_reason": gen.sentence(10),
                    "created_at": at + timedelta(hours=2),
                    "decided_at": at + timedelta(hours=30),
                }
            )
    insert_rows(ModerationCase.__table__, cases, "moderation cases", gen)
    insert_rows(Report.__table__, reports, "reports", gen)
    insert_rows(ModerationAction.__table__, actions, "moderation actions", gen)
    insert_rows(Appeal.__table__, appeals, "appeals", gen)
    table = Comment.__table__
    for start in range(0, len(hidden), 500):
        db.session.execute(
            update(table).where(table.c.id.in_(hidden[start : start + 500])).values(status="hidden")
        )


def outcomes(gen: Generator) -> None:
    """Answers to proposals everywhere, and published outcomes with commitments."""
    from sqlalchemy import bindparam

    from engage.consultations.models import Consultation
    from engage.extensions import db
    from engage.outcomes import statistics
    from engage.outcomes.models import (
        Commitment,
        CommitmentSource,
        CommitmentUpdate,
        Milestone,
        OfficialResponse,
        Outcome,
    )
    from engage.proposals.models import Proposal

    statuses = ("under_consideration", "accepted", "partly_accepted", "rejected", "implemented")
    responses = []
    for p in gen.proposal_table_rows:
        c = gen.consultation_rows[p["consultation_id"]]
        kind_done = c["outcome_published_at"] is not None
        if (
            kind_done
            or p.get("threshold_reached_at")
            and gen.rng.random() < 0.7
            or (gen.rng.random() < 0.2)
        ):
            responses.append(
                {
                    "target_type": "proposal",
                    "target_id": p["id"],
                    "consultation_id": p["consultation_id"],
                    "official_id": c["official_id"],
                    "status": gen.rng.choice(statuses[1:] if kind_done else statuses),
                    "reason": gen.paragraph(1),
                    "created_at": p["created_at"] + timedelta(days=gen.rng.randint(2, 40)),
                }
            )
    insert_rows(OfficialResponse.__table__, responses, "official responses", gen)
    # Each proposal's first answer, as engage.outcomes.service.respond keeps it.
    first = {}
    for r in responses:
        first[r["target_id"]] = min(first.get(r["target_id"], r["created_at"]), r["created_at"])
    proposals = Proposal.__table__
    if first:
        db.session.execute(
            proposals.update()
            .where(proposals.c.id == bindparam("pid"))
            .values(answered_at=bindparam("first_at")),
            [{"pid": pid, "first_at": at} for pid, at in first.items()],
        )
    outcome_rows, commitments, sources, milestones, updates = [], [], [], [], []
    for cid, c in sorted(gen.consultation_rows.items()):
        if c["outcome_published_at"] is None:
            continue
        oid = len(outcome_rows) + 1
        outcome_rows.append(
            {
                "id": oid,
                "consultation_id": cid,
                "heard": gen.paragraph(4),
                "decided": gen.paragraph(4),
                "published_at": c["outcome_published_at"],
                "published_by_id": c["official_id"],
                "created_by_id": c["official_id"],
                "created_at": c["outcome_published_at"],
                "updated_at": c["outcome_published_at"],
                "commitment_count": 3,
            }
        )
        for _ in range(3):
            kid = len(commitments) + 1
            percent = gen.rng.choice((0, 25, 50, 100))
            commitments.append(
                {
                    "id": kid,
                    "outcome_id": oid,
                    "consultation_id": cid,
                    "title": gen.sentence(6)[:200],
                    "description": gen.paragraph(2),
                    "status": {0: "not_started", 100: "completed"}.get(percent, "in_progress"),
                    "percent_done": percent,
                    "due_on": (NOW + timedelta(days=90)).date(),
                    "created_by_id": c["official_id"],
                    "created_at": c["outcome_published_at"],
                    "updated_at": NOW,
                    "update_count": 2,
                }
            )
            for pid in gen.rng.sample(
                gen.proposals_by_consultation[cid], min(3, len(gen.proposals_by_consultation[cid]))
            ):
                sources.append({"commitment_id": kid, "target_type": "proposal", "target_id": pid})
            for m in range(2):
                milestones.append(
                    {
                        "commitment_id": kid,
                        "title": gen.sentence(4),
                        "due_on": (NOW + timedelta(days=30 * (m + 1))).date(),
                        "done_at": NOW if m == 0 and percent else None,
                        "created_at": c["outcome_published_at"],
                    }
                )
                updates.append(
                    {
                        "commitment_id": kid,
                        "author_id": c["official_id"],
                        "body": gen.paragraph(1),
                        "status": "in_progress",
                        "percent_done": percent,
                        "created_at": NOW - timedelta(days=m),
                    }
                )
    insert_rows(Outcome.__table__, outcome_rows, "outcomes", gen)
    insert_rows(Commitment.__table__, commitments, "commitments", gen)
    insert_rows(CommitmentSource.__table__, sources, "commitment sources", gen)
    insert_rows(Milestone.__table__, milestones, "milestones", gen)
    insert_rows(CommitmentUpdate.__table__, updates, "commitment updates", gen)
    db.session.flush()
    for row in outcome_rows:  # frozen at publication, as the service does
        consultation = db.session.get(Consultation, row["consultation_id"])
        db.session.get(Outcome, row["id"]).statistics = statistics.participation(consultation)


OPINION_CONSULTATION = 1  # the busy one: its opinion map


def opinion_map(gen: Generator) -> None:
    """An opinion map on the busy consultation: 1,000 statements and 500,000 votes by
    2,000 residents in three camps (250 votes each), with the counts the service keeps,
    and its analysis as the background job stores it (so the results page shows groups,
    the map and the lists, not "not computed yet")."""
    from engage.opinion_map.models import OpinionMap, OpinionStatement, OpinionVote

    n_statements, voters = gen.n(1_000), gen.ids["resident"][: gen.n(2_000)]
    per_voter = min(n_statements, 250)
    official = gen.consultation_rows[OPINION_CONSULTATION]["official_id"]
    statements = [
        {
            "id": i,
            "consultation_id": OPINION_CONSULTATION,
            "text": f"{gen.sentence(8)[:120]} ({i})",
            "normalized_text": f"statement {i}",
            "author_id": official,
            "seeded": True,
            "visibility": "visible",
            "agree_count": 0,
            "disagree_count": 0,
            "pass_count": 0,
            "created_at": NOW - timedelta(days=20),
        }
        for i in range(1, n_statements + 1)
    ]
    views = {s["id"]: [gen.rng.choice((-1, 1)) for _ in range(3)] for s in statements}
    votes, counts = [], Counter()
    for n, user_id in enumerate(voters):
        camp = n % 3
        for statement_id in gen.rng.sample(range(1, n_statements + 1), per_voter):
            roll = gen.rng.random()
            view = views[statement_id][camp]
            value = 0 if roll < 0.1 else (-view if roll < 0.25 else view)
            counts[(statement_id, value)] += 1
            votes.append(
                {
                    "consultation_id": OPINION_CONSULTATION,
                    "statement_id": statement_id,
                    "user_id": user_id,
                    "value": value,
                    "created_at": NOW - timedelta(days=gen.rng.randint(0, 19)),
                    "updated_at": NOW - timedelta(days=1),
                }
            )
    for s in statements:
        s["agree_count"] = counts[(s["id"], 1)]
        s["disagree_count"] = counts[(s["id"], -1)]
        s["pass_count"] = counts[(s["id"], 0)]
    insert_rows(
        OpinionMap.__table__,
        [
            {
                "consultation_id": OPINION_CONSULTATION,
                "enabled": True,
                "premoderation": True,
                "statement_count": n_statements,
                "vote_count": len(votes),
                "participant_count": len(voters),
                "created_at": NOW - timedelta(days=20),
                "updated_at": NOW - timedelta(days=20),
            }
        ],
        "opinion maps",
        gen,
    )
    insert_rows(OpinionStatement.__table__, statements, "opinion statements", gen)
    insert_rows(OpinionVote.__table__, votes, "opinion votes", gen)
    from engage.opinion_map import recompute

    gen.counts["opinion map groups"] = recompute.recompute(OPINION_CONSULTATION).k
