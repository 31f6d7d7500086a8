"""Fictional school groups for benchmarks, load tests and query-count tests.

Everything is inserted with bulk_create, one transaction per school, so that a
school group of 20,000 pupils fits in minutes. bulk_create skips save() and
signals, so this module fills Pupil.search_name itself. The rows respect every
database constraint of the models: 1 to 3 action points at positions 1..3,
scale values 0..10, follow-up dates not before the conversation, and one
first conversation per growth document.
"""

import datetime
import math
import random
from dataclasses import dataclass, fields

from django.db import connection, transaction
from django.utils import timezone

from groeidocument.accounts.models import Audience, Membership, Role, School, User
from groeidocument.growth.models import (
    ActionPoint,
    Conversation,
    ConversationEntry,
    ConversationStarter,
    GrowthDocument,
)
from groeidocument.lib import fictional
from groeidocument.lib.schoolyear import school_year_of
from groeidocument.lib.text import fold
from groeidocument.pupils.models import Pupil

BATCH_SIZE = 1000
# Every DRAFT_EVERY-th growth document of a school ends in an unfinished
# conversation, so that every school has at least one draft.
DRAFT_EVERY = 20
# A growth document whose last conversation is older than this is closed,
# unless it has a draft.
CLOSED_AFTER_DAYS = 90

WISHES = [
    ("learning", "Ik wil mijn huiswerk op tijd afhebben."),
    ("learning", "Ik wil beter leren plannen voor een toets."),
    ("learning", "Ik wil rustig blijven werken als het lawaaierig is."),
    ("social", "Ik wil op de speelplaats vaker met anderen spelen."),
    ("social", "Ik wil in de klas mijn vinger opsteken in plaats van te roepen."),
    ("conflicts", "Ik wil rustig blijven als iemand mij plaagt."),
    ("conflicts", "Ik wil eerst praten in plaats van te duwen."),
    ("problem_solving", "Ik wil durven vragen als ik iets niet snap."),
    ("problem_solving", "Ik wil zelf een oplossing zoeken voor ik hulp vraag."),
    ("other", "Ik wil 's morgens op tijd op school zijn."),
]
ANSWERS = {
    "strengths": [
        "Bij voetbal blijf ik rustig.",
        "Ik luister goed naar mijn vrienden.",
        "Rekenen gaat goed aan de keukentafel.",
    ],
    "goal": [
        "Elke les één keer mijn vinger opsteken.",
        "Elke dag mijn agenda nakijken.",
        "Weglopen en het aan de juf zeggen.",
    ],
    "support": [
        "Een teken afspreken.",
        "Op maandag samen de week overlopen.",
        "Na de les even bij mij komen staan.",
    ],
    "first_step": [
        "Diep ademhalen en tot drie tellen.",
        "Mijn vraag op een briefje schrijven.",
        "Mijn agenda openleggen.",
    ],
    "next_step": [
        "Naar de juf gaan.",
        "Een wekker zetten om vier uur.",
        "Het aan een vriend vragen.",
    ],
    "how_far": ["Ik heb het elke dag geoefend.", "Mijn mama helpt mij."],
}
COMPLIMENTS = [
    "Knap dat je zelf een oplossing vond.",
    "Je hebt goed doorgezet deze weken.",
    "Mooi hoe eerlijk je over jezelf vertelt.",
]


@dataclass(frozen=True)
class GroupSize:
    """Size of a generated school group. Pupils and classes are per school."""

    schools: int
    pupils_per_school: int
    documents_per_pupil: float = 1.5
    conversations_per_document: int = 5
    pupils_per_class: int = 24


@dataclass
class GeneratedCounts:
    schools: int = 0
    users: int = 0
    pupils: int = 0
    documents: int = 0
    action_points: int = 0
    conversations: int = 0
    entries: int = 0

    def add(self, other: "GeneratedCounts"):
        for field in fields(self):
            setattr(
                self, field.name, getattr(self, field.name) + getattr(other, field.name)
            )


def class_names(pupil_count: int, pupils_per_class: int) -> list[str]:
    """Return class names over six grades: 1A..6A, then 1B..6B, and so on."""
    count = max(1, math.ceil(pupil_count / pupils_per_class))
    return [f"{index % 6 + 1}{chr(ord('A') + index // 6)}" for index in range(count)]


def generate_school_group(
    size: GroupSize, *, password_hash: str, seed: int = 1, today=None
) -> GeneratedCounts:
    """Insert size.schools fictional schools with users, pupils and documents.

    password_hash is stored as every generated user's password, so that one
    slow hash serves thousands of users. The same seed gives the same names,
    dates and scale values.
    """
    rng = random.Random(seed)
    today = today or timezone.localdate()
    totals = GeneratedCounts()
    for number, name in enumerate(fictional.school_names(size.schools, rng), start=1):
        with transaction.atomic():
            totals.add(_generate_school(number, name, size, password_hash, rng, today))
    if connection.vendor == "postgresql":
        # Autovacuum analyzes new rows only after a while; until then the query
        # planner guesses from empty tables and may pick sequential scans.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return totals


def _generate_school(number, name, size, password_hash, rng, today):
    counts = GeneratedCounts(schools=1)
    audience = Audience.PRIMARY if "Basisschool" in name else Audience.SECONDARY
    # create() sends post_save, which gives the school its deck of starters.
    school = School.objects.create(name=name, starter_audience=audience)
    starters = list(ConversationStarter.objects.filter(school=school))

    classes = class_names(size.pupils_per_school, size.pupils_per_class)
    coordinator, class_coaches = _create_staff(
        school, number, classes, password_hash, rng, counts
    )
    pupils = _create_pupils(school, number, classes, size, rng, today, counts)

    document_count = round(size.pupils_per_school * size.documents_per_pupil)
    plans = [
        _plan_document(index, pupils, class_coaches, coordinator, size, rng, today)
        for index in range(document_count)
    ]
    _insert_documents(plans, starters, rng, counts)
    return counts


def _create_staff(school, number, classes, password_hash, rng, counts):
    """Create a care coordinator, a school administrator and a coach per class."""
    prefix = f"s{number:02d}"
    staff = [
        (f"{prefix}.coordinator", Role.COORDINATOR),
        (f"{prefix}.admin", Role.ADMIN),
        *((f"{prefix}.coach.{name.lower()}", Role.COACH) for name in classes),
    ]
    users = []
    for username, _role in staff:
        first_name, last_name = fictional.person_name(rng)
        users.append(
            User(
                username=username,
                password=password_hash,
                first_name=first_name,
                last_name=last_name,
            )
        )
    users = User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    Membership.objects.bulk_create(
        Membership(user=user, school=school, role=role)
        for user, (_username, role) in zip(users, staff, strict=True)
    )
    counts.users += len(users)
    return users[0], dict(zip(classes, users[2:], strict=True))


def _create_pupils(school, number, classes, size, rng, today, counts):
    this_year = school_year_of(today)
    last_year = school_year_of(today - datetime.timedelta(days=365))
    pupils = []
    for index in range(size.pupils_per_school):
        first_name, last_name = fictional.person_name(rng)
        class_name = classes[index % len(classes)]
        # About one pupil in twelve has left the school since last year.
        left = rng.random() < 1 / 12
        age = 5 + int(class_name[0])
        pupils.append(
            Pupil(
                school=school,
                first_name=first_name,
                last_name=last_name,
                class_name=class_name,
                school_year=last_year if left else this_year,
                is_active=not left,
                # bulk_create skips Pupil.save(), which sets the day they left.
                left_on=today - datetime.timedelta(days=rng.randint(30, 400))
                if left
                else None,
                external_id=f"{number:02d}{index:05d}",
                birth_date=today
                - datetime.timedelta(days=365 * age + rng.randint(0, 364)),
                search_name=fold(f"{first_name} {last_name}"),
            )
        )
    counts.pupils += len(pupils)
    return Pupil.objects.bulk_create(pupils, batch_size=BATCH_SIZE)


@dataclass
class _DocumentPlan:
    document: GrowthDocument
    # (held_on, follow_up_on, status) per conversation, oldest first.
    conversations: list
    action_point_count: int


def _plan_document(index, pupils, class_coaches, coordinator, size, rng, today):
    """Choose the dates and status of one growth document and its conversations."""
    has_draft = index % DRAFT_EVERY == 0
    pupil = rng.choice(pupils)
    if has_draft and not pupil.is_active:
        # A conversation mode cannot start for a pupil who left the school.
        pupil = next(candidate for candidate in pupils if candidate.is_active)
    coach = coordinator if rng.random() < 0.1 else class_coaches[pupil.class_name]
    mean = size.conversations_per_document
    complete_count = rng.randint(1, 2 * mean - 1)

    gaps = [rng.randint(14, 42) for _ in range(complete_count - 1)]
    # Four documents in ten had their last conversation within the past month.
    last_held_ago = rng.randint(0, 30) if rng.random() < 0.4 else rng.randint(30, 400)
    held_on = today - datetime.timedelta(days=last_held_ago + sum(gaps))
    closed = not has_draft and last_held_ago > CLOSED_AFTER_DAYS and rng.random() < 0.85

    conversations = []
    for gap in [*gaps, None]:
        if gap is not None:
            follow_up_on = held_on + datetime.timedelta(days=gap)
        elif closed:
            follow_up_on = None
        else:
            follow_up_on = held_on + datetime.timedelta(days=rng.randint(7, 42))
        conversations.append((held_on, follow_up_on, Conversation.Status.COMPLETE))
        if gap is not None:
            held_on = follow_up_on
    if has_draft:
        draft_on = max(held_on, today - datetime.timedelta(days=rng.randint(0, 5)))
        conversations.append((draft_on, None, Conversation.Status.DRAFT))

    started_on = conversations[0][0]
    last_complete = conversations[complete_count - 1]
    document = GrowthDocument(
        pupil=pupil,
        school_id=pupil.school_id,
        coach=coach,
        status=GrowthDocument.Status.CLOSED if closed else GrowthDocument.Status.OPEN,
        started_on=started_on,
        closed_on=last_complete[0] if closed else None,
        next_follow_up_on=last_complete[1],
        last_conversation_on=last_complete[0],
    )
    action_point_count = rng.choices([1, 2, 3], weights=[50, 35, 15])[0]
    return _DocumentPlan(document, conversations, action_point_count)


def _insert_documents(plans, starters, rng, counts):
    documents = GrowthDocument.objects.bulk_create(
        [plan.document for plan in plans], batch_size=BATCH_SIZE
    )
    counts.documents += len(documents)

    action_points = []
    for plan in plans:
        for position in range(1, plan.action_point_count + 1):
            domain, wish = rng.choice(WISHES)
            action_points.append(
                ActionPoint(
                    document=plan.document,
                    position=position,
                    importance=position,
                    wish=wish,
                    wish_by_pupil=rng.random() < 0.6,
                    domain=domain,
                )
            )
    action_points = ActionPoint.objects.bulk_create(
        action_points, batch_size=BATCH_SIZE
    )
    counts.action_points += len(action_points)
    points_by_document = {}
    for action_point in action_points:
        points_by_document.setdefault(action_point.document_id, []).append(action_point)

    conversations = []
    for plan in plans:
        for number, (held_on, follow_up_on, status) in enumerate(plan.conversations):
            conversations.append(
                _conversation(
                    plan.document, number, held_on, follow_up_on, status, starters, rng
                )
            )
    conversations = Conversation.objects.bulk_create(
        conversations, batch_size=BATCH_SIZE
    )
    counts.conversations += len(conversations)

    entries = _entries(conversations, points_by_document, rng)
    ConversationEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
    counts.entries += len(entries)


def _conversation(document, number, held_on, follow_up_on, status, starters, rng):
    complete = status == Conversation.Status.COMPLETE
    return Conversation(
        document=document,
        kind=Conversation.Kind.FIRST if number == 0 else Conversation.Kind.FOLLOW_UP,
        held_on=held_on,
        follow_up_on=follow_up_on,
        status=status,
        starter=rng.choice(starters),
        current_step="" if complete else "scaling",
        capacity_checked=True,
        compliment=rng.choice(COMPLIMENTS) if complete else "",
        coach_notes={"scaling": "Vraag volgende keer naar de speeltijd."}
        if rng.random() < 0.2
        else {},
        created_by=document.coach,
        completed_at=timezone.make_aware(
            datetime.datetime.combine(held_on, datetime.time(11, 0))
        )
        if complete
        else None,
    )


def _entries(conversations, points_by_document, rng):
    """Build one entry per action point and conversation, with a growing scale value."""
    entries = []
    scale_values = {}
    for conversation in conversations:
        first = conversation.kind == Conversation.Kind.FIRST
        for action_point in points_by_document[conversation.document_id]:
            if first:
                value = rng.randint(1, 5)
            else:
                step = rng.choice([-1, 0, 0, 1, 1, 1, 2])
                value = min(10, max(0, scale_values[action_point.id] + step))
            scale_values[action_point.id] = value
            if conversation.status == Conversation.Status.DRAFT and rng.random() < 0.5:
                value = None
            names = ["first_step", "next_step"]
            if first:
                names += ["strengths", "goal", "support", "how_far"]
            entries.append(
                ConversationEntry(
                    conversation=conversation,
                    action_point=action_point,
                    scale_value=value,
                    pupil_written=["first_step"] if rng.random() < 0.5 else [],
                    **{name: rng.choice(ANSWERS[name]) for name in names},
                )
            )
    return entries
