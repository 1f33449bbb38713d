"""Demo optional questions: all five asked, population shares for age and area, and most
of the opinion map's voters answering, with older people and one district scarce, so the
facial recognition consultation's "who took part" page has groups to flag and cells the
Small Numbers Rule hides (Harbour among them: few enough "prefer not to say" answers are
hidden, and hiding the next smallest to protect them hides Harbour too)."""

from __future__ import annotations

import random

from flask import current_app
from sqlalchemy import insert, select

from engage.accounts.models import User
from engage.database import utcnow
from engage.demographics import service
from engage.demographics.models import DemographicAnswer, DemographicQuestion
from engage.demographics.questions import CATALOGUE
from engage.extensions import db
from engage.privacy.models import ConsentPurpose, ConsentRecord

SEED = 18
DISTRICTS = ("Northfield", "Riverside", "Old Town", "Harbour", "Hillcrest")
AGE_SHARES = {  # the population (a census, say) and who answered in the demo
    "18_24": (10.0, 0.14),
    "25_34": (17.0, 0.30),
    "35_44": (16.0, 0.22),
    "45_54": (16.0, 0.15),
    "55_64": (15.0, 0.11),
    "65_74": (13.0, 0.06),
    "75_plus": (13.0, 0.02),
}
AREA_SHARES = {
    "Northfield": (25.0, 0.30),
    "Riverside": (20.0, 0.30),
    "Old Town": (20.0, 0.22),
    "Harbour": (20.0, 0.06),
    "Hillcrest": (15.0, 0.15),
}


def seed_demographics() -> None:
    """Skipped once any question has a setting (an admin's, or an earlier run's)."""
    if db.session.scalar(select(DemographicQuestion.key).limit(1)) is not None:
        return
    for question in CATALOGUE:
        options = "\n".join(DISTRICTS) if question.key == "area" else ""
        service.configure(None, question.key, True, options or "\n".join(question.default_options))
    service.set_reference(None, "age_band", {k: v[0] for k, v in AGE_SHARES.items()})
    service.set_reference(None, "area", {k: v[0] for k, v in AREA_SHARES.items()})
    voters = db.session.scalars(
        select(User.id).where(User.email.like("demo-voter-%@example.org")).order_by(User.id)
    ).all()
    rng = random.Random(SEED)
    now, version = utcnow(), current_app.config["PRIVACY_NOTICE_VERSION"]
    answers, consents = [], []
    for user_id in voters:
        if rng.random() < 0.25:  # a quarter never answer
            continue
        consents.append(
            {
                "user_id": user_id,
                "purpose": ConsentPurpose.DEMOGRAPHICS,
                "given": True,
                "notice_version": version,
                "recorded_at": now,
            }
        )
        for key, shares in (("age_band", AGE_SHARES), ("area", AREA_SHARES)):
            value = rng.choices(list(shares), weights=[w for _p, w in shares.values()])[0]
            if rng.random() < 0.08:
                value = "prefer_not_to_say"
            answers.append(
                {"user_id": user_id, "question_key": key, "answer": value, "answered_at": now}
            )
    if consents:
        db.session.execute(insert(ConsentRecord), consents)
        db.session.execute(insert(DemographicAnswer), answers)
