import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Max, Min, Q

from groeidocument.accounts.models import Role, School, User
from groeidocument.growth.generator import GroupSize, class_names, generate_school_group
from groeidocument.growth.models import (
    ActionPoint,
    Conversation,
    ConversationEntry,
    GrowthDocument,
)
from groeidocument.lib.text import fold
from groeidocument.pupils.models import Pupil

SIZE = GroupSize(schools=2, pupils_per_school=60)


@pytest.fixture
def group(db):
    return generate_school_group(SIZE, password_hash="!", seed=3)


def test_generator_counts(group):
    assert School.objects.count() == 2
    assert Pupil.objects.count() == 120
    assert GrowthDocument.objects.count() == 180
    assert group.conversations == Conversation.objects.count()
    assert group.entries == ConversationEntry.objects.count()
    # Five conversations per document on average, drafts included.
    assert 4 <= group.conversations / group.documents <= 6


def test_generator_gives_each_school_staff_and_deck(group):
    for school in School.objects.all():
        roles = set(school.memberships.values_list("role", flat=True))
        assert roles == {Role.COACH, Role.COORDINATOR, Role.ADMIN}
        assert school.conversation_starters.count() > 0


def test_generator_fills_search_name(group):
    for pupil in Pupil.objects.all():
        assert pupil.search_name == fold(f"{pupil.first_name} {pupil.last_name}")


def test_generator_keeps_follow_up_date_denormalised(group):
    for document in GrowthDocument.objects.all():
        latest = document.latest_conversation()
        assert document.next_follow_up_on == latest.follow_up_on
        assert document.last_conversation_on == latest.held_on


def test_generator_keeps_method_rules(group):
    positions = ActionPoint.objects.aggregate(low=Min("position"), high=Max("position"))
    assert positions == {"low": 1, "high": 3}
    values = ConversationEntry.objects.aggregate(
        low=Min("scale_value"), high=Max("scale_value")
    )
    assert 0 <= values["low"] <= values["high"] <= 10
    firsts = GrowthDocument.objects.annotate(
        firsts=Count("conversations", filter=Q(conversations__kind="first"))
    ).values_list("firsts", flat=True)
    assert set(firsts) == {1}


def test_generator_leaves_a_draft_in_every_school(group):
    for school in School.objects.all():
        drafts = Conversation.objects.drafts().filter(document__pupil__school=school)
        assert drafts.exists()
        assert all(draft.document.pupil.is_active for draft in drafts)


def test_generator_same_seed_same_names(db):
    generate_school_group(GroupSize(1, 10), password_hash="!", seed=5)
    first = list(Pupil.objects.order_by("id").values_list("search_name", flat=True))
    School.objects.all().delete()
    User.objects.all().delete()

    generate_school_group(GroupSize(1, 10), password_hash="!", seed=5)

    again = list(Pupil.objects.order_by("id").values_list("search_name", flat=True))
    assert again == first


def test_class_names_cover_six_grades():
    assert class_names(24 * 8, 24) == ["1A", "2A", "3A", "4A", "5A", "6A", "1B", "2B"]
    assert class_names(1, 24) == ["1A"]


def test_generatedata_command(db):
    out = io.StringIO()

    call_command("generatedata", schools=1, pupils_per_school=20, stdout=out)

    assert Pupil.objects.count() == 20
    assert "20 pupils" in out.getvalue()


def test_generatedata_rejects_database_with_school(school):
    with pytest.raises(CommandError, match="already contains a school"):
        call_command("generatedata", schools=1, pupils_per_school=20)
    assert Pupil.objects.count() == 0


def test_generatedata_rejects_zero_schools(db):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("generatedata", schools=0)
