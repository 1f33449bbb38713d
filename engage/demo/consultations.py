"""Demo consultations: departments, topic names in Spanish and Arabic, four consultations
(one a draft) and the words they say.

Dates are offsets in days from the moment the demo is seeded.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from engage import signals
from engage.consultations.models import Consultation, Department, Topic
from engage.consultations.translations import save_topic_translations, topic_translations
from engage.database import utcnow
from engage.extensions import db

DEPARTMENTS = [
    ("police", "Police Department"),
    ("social-services", "Department of Social Services"),
    ("technology-innovation", "Office of Technology and Innovation"),
]

# 12 residents who write, then 16 who mostly support: enough real people for one
# proposal to pass the threshold of 25 supports.
# The default topics' names in the other languages (admins give them on the Topics page).
TOPIC_NAMES = {
    "ai-and-algorithms": {"es": "IA y algoritmos", "ar": "الذكاء الاصطناعي والخوارزميات"},
    "data-and-privacy": {"es": "Datos y privacidad", "ar": "البيانات والخصوصية"},
    "smart-city-and-sensors": {
        "es": "Ciudad inteligente y sensores",
        "ar": "المدينة الذكية وأجهزة الاستشعار",
    },
    "digital-identity": {"es": "Identidad digital", "ar": "الهوية الرقمية"},
    "public-records-and-ledgers": {
        "es": "Registros públicos y libros de registro",
        "ar": "السجلات العامة ودفاتر القيد",
    },
    "connectivity": {"es": "Conectividad", "ar": "الاتصال بالشبكات"},
}


FACIAL_RECOGNITION = {
    "slug": "rules-for-police-use-of-facial-recognition",
    "title": "Rules for police use of facial recognition",
    "topic": "ai-and-algorithms",
    "department": "police",
    "contact": "facial-recognition@police.example.gov or 555-0142 (weekdays 9:00–17:00)",
    "opens_in_days": -10,
    "closes_in_days": 30,
    "support_threshold": 25,
    "response_window_days": 30,
    "summary": (
        "The Police Department wants to use facial recognition software to compare photos "
        "of suspects with booking photos. Before any use starts, the City Council will vote "
        "on rules for when it may be used, who checks it, and what happens to the images. "
        "Tell us what those rules should say."
    ),
    "easy_read_summary": (
        "The police want to use a computer program.\n\n"
        "The program looks at a photo of a face. It tries to find the same face in other "
        "photos.\n\n"
        "It can make mistakes. It can pick the wrong person.\n\n"
        "We want to make rules for the program. The rules say when police can use it.\n\n"
        "Tell us what you think. You can write an idea. You can support other ideas.\n\n"
        "You have until the closing date."
    ),
    "body": """## Why we are asking

Officers today compare photos by eye. A facial recognition system would search the
department's booking photos in seconds. It could help find suspects in serious crimes,
but it can also be wrong, and studies show it is wrong more often for some groups of
people. No system has been bought yet.

## What the draft rules say

The draft rules, which you can change through this consultation, would:

- allow searches only for investigations of violent crimes or missing people;
- ban live scanning of crowds, protests and places of worship;
- require a second trained person to check every possible match;
- never allow a match alone to justify an arrest;
- delete photos that do not match within 30 days;
- publish a yearly report on how often the system was used and how often it was wrong.

## What we want to know

1. Are these limits strict enough, or too strict?
2. Who should check that the rules are followed?
3. What should people be told if their photo was searched?

## Background reading

- [Draft rules (PDF)](https://police.example.gov/facial-recognition/draft-rules.pdf)
- [Independent accuracy study](https://example.org/frt-accuracy-study)
""",
    "commitment": (
        "The Police Department will read every proposal and comment. Proposals with 25 "
        "supports get a written answer from the department within 30 days, saying what "
        "will change in the rules and why. A summary of everything we heard goes to the City "
        "Council with the final draft, and is published here before the Council votes."
    ),
}

STREETLIGHTS = {
    "slug": "smart-streetlight-sensors-in-the-city-centre",
    "title": "Smart streetlight sensors in the city centre",
    "topic": "smart-city-and-sensors",
    "department": "technology-innovation",
    "contact": "smartlights@city.example.gov",
    "opens_in_days": 7,
    "closes_in_days": 49,
    "support_threshold": 50,
    "response_window_days": 30,
    "summary": (
        "New LED streetlights can carry sensors that count people, bikes and cars, measure "
        "noise and air quality, and dim the lights when streets are empty. We will ask which "
        "sensors, if any, the city centre should have, and what data may be kept."
    ),
    "easy_read_summary": (
        "The city is getting new street lights.\n\n"
        "The lights can have small sensors. Sensors can count people and cars. They can "
        "measure noise and dirty air.\n\n"
        "We will ask you which sensors are OK. We will ask what data we can keep."
    ),
    "body": """## The plan

About 1,200 lights in the centre will be replaced next year. Each can carry:

- a people and vehicle counter (no cameras, no images stored);
- a noise meter;
- an air quality sensor;
- motion-based dimming.

## What happens next

This consultation opens soon. Until then, you can read the plan and the privacy impact
assessment.
""",
    "commitment": (
        "We will publish the sensor list we choose, with the reasons, before any sensor "
        "is installed."
    ),
}

CHILD_WELFARE = {
    "slug": "algorithmic-risk-scoring-in-child-welfare-services",
    "title": "Algorithmic risk scoring in child welfare services",
    "topic": "ai-and-algorithms",
    "department": "social-services",
    "contact": "screening-tool@socialservices.example.gov",
    "opens_in_days": -75,
    "closes_in_days": -21,
    "support_threshold": 25,
    "response_window_days": 45,
    "summary": (
        "Caseworkers receive thousands of calls about children's safety each year. The "
        "department asked whether a risk score, computed from past records, should help "
        "decide which calls are investigated first."
    ),
    "easy_read_summary": (
        "People call us when they worry about a child.\n\n"
        "A computer could give each call a number. A high number means more risk.\n\n"
        "We asked if this is fair. We asked how to check it.\n\n"
        "This question is now closed. We are reading what people said."
    ),
    "body": """## What we asked

Should a screening score help caseworkers decide which reports to look at first?

## What the score would use

- previous reports about the family;
- records of public benefits;
- court and jail records.

Families who use public services more have more records, which can raise their score.
""",
    "commitment": (
        "We will publish an outcome report answering every proposal that reached 25 supports "
        "and explaining whether the tool will be used."
    ),
}

LICENCE_PLATES = {
    "slug": "automatic-licence-plate-readers-on-city-roads",
    "title": "Automatic licence plate readers on city roads",
    "topic": "smart-city-and-sensors",
    "department": "police",
    "contact": "alpr@police.example.gov",
    "opens_in_days": 40,
    "closes_in_days": 82,
    "support_threshold": 25,
    "response_window_days": 30,
    "summary": (
        "Cameras that read number plates could help find stolen cars. We want to ask how "
        "long plate data may be kept and who can see it."
    ),
    # Left empty on purpose: a draft can't be published without an easy-read summary.
    "easy_read_summary": "",
    "body": "## Draft\n\nThe text is still being written.",
    "commitment": "",
}


def seed_consultations(admin, official) -> tuple[Consultation, Consultation]:
    """Departments, topic names and the four consultations; returns (main, closed)."""
    _topic_names(admin)
    departments = {slug: _department(slug, name) for slug, name in DEPARTMENTS}
    if official.department_id is None:
        official.department_id = departments["police"].id

    main = _consultation(FACIAL_RECOGNITION, departments, official)
    _consultation(STREETLIGHTS, departments, official)
    closed = _consultation(CHILD_WELFARE, departments, official)
    _consultation(LICENCE_PLATES, departments, official, draft=True)
    return main, closed


def _topic_names(admin) -> None:
    """The default topics' names in Spanish and Arabic, where an admin hasn't given one."""
    for topic in db.session.scalars(select(Topic)):
        given = topic_translations(topic)
        names = TOPIC_NAMES.get(topic.slug, {})
        wanted = {locale: given[locale] or names.get(locale, "") for locale in given}
        save_topic_translations(admin, topic, wanted)


def _department(slug: str, name: str) -> Department:
    department = db.session.scalar(select(Department).where(Department.slug == slug))
    if department is None:
        department = Department(slug=slug, name=name)
        db.session.add(department)
        db.session.flush()
    return department


def _consultation(data: dict, departments: dict, official, draft: bool = False) -> Consultation:
    existing = db.session.scalar(select(Consultation).where(Consultation.slug == data["slug"]))
    if existing is not None:
        return existing
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    opens_at = now + timedelta(days=data["opens_in_days"])
    department = departments[data["department"]]
    consultation = Consultation(
        slug=data["slug"],
        title=data["title"],
        topic=db.session.scalar(select(Topic).where(Topic.slug == data["topic"])),
        department_id=department.id,
        official_id=official.id if data["department"] == "police" else None,
        contact=data["contact"],
        summary=data["summary"],
        easy_read_summary=data["easy_read_summary"],
        body=data["body"],
        commitment=data["commitment"],
        opens_at=opens_at,
        closes_at=now + timedelta(days=data["closes_in_days"]),
        support_threshold=data["support_threshold"],
        response_window_days=data["response_window_days"],
        published_at=None if draft else min(opens_at, now) - timedelta(days=3),
        created_by_id=official.id,
    )
    db.session.add(consultation)
    db.session.flush()
    signals.consultation_saved.send(consultation)
    return consultation
