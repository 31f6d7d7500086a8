"""Varied data in every backed-up model, for the backup round-trip tests.

The backup tests also run create_varied_data in a separate process on its own
SQLite database, so this module imports nothing from the test set-up.
"""

import datetime
import uuid

from django.contrib.auth.models import Group, Permission

from groeidocument.accounts.models import Membership, Role, School, User
from groeidocument.audit.models import Action, AuditEntry
from groeidocument.growth.calendar import feed_for
from groeidocument.growth.models import (
    ActionPoint,
    Conversation,
    ConversationEntry,
    ConversationStarter,
)
from groeidocument.growth.services import (
    ActionPointInput,
    close_document,
    create_growth_document,
    hand_over_document,
    reopen_document,
    share_document,
)
from groeidocument.pupils.models import Pupil


def create_varied_data():
    """Create two schools with users, pupils, documents, conversations, events."""
    linde = School.objects.create(name="Basisschool De Linde")
    athens = School.objects.create(
        name="Σχολείο Αθήνας · 北京学校",
        starter_audience="secondary",
        retention_months=60,
    )
    ConversationStarter.objects.create(
        school=athens, question="Wat eet je het liefst? 🍝", audience="primary"
    )
    ConversationStarter.objects.filter(school=linde).update(is_active=False)

    helpers = Group.objects.create(name="Helpers")
    helpers.permissions.add(Permission.objects.get(codename="view_pupil"))
    coach = User.objects.create_user(
        "an.peeters",
        password="a-long-backup-password-17",
        first_name="Ann-Sofie",
        last_name="Peeters-Çelik",
        email="an@example.invalid",
    )
    coach.groups.add(helpers)
    colleague = User.objects.create_user("jörg", first_name="Jörg", last_name="Ødegård")
    coordinator = User.objects.create_user(
        "nikos", first_name="Νίκος", last_name="Παπαδόπουλος", is_active=False
    )
    Membership.objects.create(user=coach, school=linde, role=Role.COACH)
    Membership.objects.create(user=colleague, school=linde, role=Role.ADMIN)
    Membership.objects.create(user=coordinator, school=athens, role=Role.COORDINATOR)
    Membership.objects.create(user=coach, school=athens, role=Role.COORDINATOR)
    feed_for(coach)

    zoe = Pupil.objects.create(
        school=linde,
        first_name="Zoë",
        last_name="Van den Broeck",
        class_name="5A",
        school_year="2026-2027",
        external_id="=1+1",
        birth_date=datetime.date(2016, 2, 29),
    )
    left = Pupil.objects.create(
        school=athens,
        first_name="小明",
        last_name="Ἀλέξανδρος",
        class_name="1Λ",
        is_active=False,
    )
    Pupil.objects.filter(pk=left.pk).update(left_on=datetime.date(2025, 6, 30))

    document = create_growth_document(
        pupil=zoe,
        coach=coach,
        held_on=datetime.date(2026, 11, 16),
        follow_up_on=datetime.date(2026, 11, 30),
        action_points=[
            ActionPointInput(
                wish="Rustig blijven als iemand mij plaagt. «Ça va» — 😊",
                domain="conflicts",
                wish_by_pupil=True,
                scale_value=0,
                answers={"strengths": "Bij voetbal\nblijf ik rustig.", "goal": ""},
                pupil_written=["strengths"],
            ),
            ActionPointInput(
                wish="Mijn huiswerk plannen",
                scale_value=10,
                answers={"first_step": "Een agenda kopen", "support": "'Samen'"},
            ),
        ],
    )
    first = document.conversations.get()
    first.coach_notes = {"scaling": 'Zegt weinig; "goed" = 5?', "starter": ""}
    first.compliment = "Knap!"
    first.starter = ConversationStarter.objects.filter(school=linde).first()
    first.save()

    follow_up = Conversation.objects.create(
        document=document,
        kind=Conversation.Kind.FOLLOW_UP,
        held_on=datetime.date(2026, 11, 30),
        status=Conversation.Status.DRAFT,
        created_by=colleague,
        current_step="scaling",
    )
    reached = ActionPoint.objects.get(document=document, position=2)
    ConversationEntry.objects.create(
        conversation=follow_up,
        action_point=reached,
        scale_value=7,
        going_better="Alles 🙂",
        support_kept="partly",
        pupil_written=["going_better"],
    )
    reached.status = "reached"
    reached.closed_in = follow_up
    reached.save()

    close_document(document, user=coach, reason="goal_reached")
    reopen_document(document, user=colleague)
    hand_over_document(document, user=colleague, to_coach=colleague)

    AuditEntry.objects.create(
        created_at=datetime.datetime(
            2026, 11, 16, 9, 5, 7, 123456, tzinfo=datetime.UTC
        ),
        user=coach,
        username=coach.username,
        role=Role.COACH,
        school=linde,
        action=Action.VIEWED_DOCUMENT,
        pupil_uuid=zoe.uuid,
        document_uuid=document.uuid,
    )
    AuditEntry.objects.create(
        school=athens, action=Action.IMPORTED, pupil_count=31, username=""
    )
    # An erasure by a user whose account is gone since.
    AuditEntry.objects.create(
        username="oud.account",
        role=Role.ADMIN,
        school=athens,
        action=Action.ERASED,
        pupil_uuid=uuid.UUID("0b9e6c1a-2f4d-4e8b-9a7c-5d3e1f2a4b6c"),
    )
    share_document(document, user=colleague, colleague=coach, access="write")
