"""PreparedQuery returns what its queryset returns, on SQLite and PostgreSQL."""

import uuid

import pytest
from django.db.models import Count

from groeidocument.conversations.services import start_first_conversation
from groeidocument.growth.models import (
    ActionPoint,
    Conversation,
    ConversationEntry,
    GrowthDocument,
)
from groeidocument.lib.prepared import PreparedQuery
from groeidocument.scopes import MembershipIds


def fields_of(instance):
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
    }


def test_instances_match_the_queryset(document):
    def build(document):
        return ConversationEntry.objects.filter(conversation__document_id=document)

    prepared = PreparedQuery(build)

    for _run in range(2):
        found = prepared(document=document.pk)
        expected = list(build(document.pk))
        assert [fields_of(entry) for entry in found] == [
            fields_of(entry) for entry in expected
        ]
    # Dates, JSON and booleans come back converted, as from the ORM.
    entry = found[0]
    assert entry.pupil_written == ["first_step"]
    assert entry.conversation_id == expected[0].conversation_id
    assert not entry._state.adding


def test_select_related_fills_related_rows(document, pupil):
    draft = start_first_conversation(pupil, document.coach)
    prepared = PreparedQuery(
        lambda conversation: Conversation.objects.select_related(
            "document__pupil", "starter"
        ).filter(pk=conversation)
    )

    (found,) = prepared(conversation=draft.pk)

    assert found.document.pupil.first_name == pupil.first_name
    # The optional starter comes with the row too, so reading it costs no query.
    assert Conversation.starter.is_cached(found)
    assert found.starter == draft.starter


def test_values_list_rows_are_tuples(document, coordinator):
    membership = coordinator.memberships.get()
    prepared = PreparedQuery(
        lambda school: GrowthDocument.objects.visible_to(
            MembershipIds(school, None, True)
        ).values_list("uuid", "next_follow_up_on", "pupil__first_name")
    )

    rows = prepared(school=membership.school_id)

    assert rows == [
        (document.uuid, document.next_follow_up_on, document.pupil.first_name)
    ]


def test_uuid_ids_are_filled_in(document):
    prepared = PreparedQuery(
        lambda document: GrowthDocument.objects.filter(uuid=document)
    )

    assert prepared(document=document.uuid) == [document]
    assert prepared(document=uuid.uuid4()) == []


def test_each_run_uses_its_own_ids(document, pupil, coach):
    other = start_first_conversation(pupil, coach).document
    prepared = PreparedQuery(
        lambda document: ActionPoint.objects.filter(document_id=document)
    )

    assert [point.document_id for point in prepared(document=document.pk)] == [
        document.pk
    ]
    assert prepared(document=other.pk) == []


def test_id_of_wrong_type_rejected(document):
    prepared = PreparedQuery(
        lambda document: GrowthDocument.objects.filter(pk=document)
    )
    prepared(document=document.pk)

    with pytest.raises(TypeError):
        prepared(document=str(document.pk))


def test_id_missing_from_sql_rejected(db):
    prepared = PreparedQuery(lambda document: GrowthDocument.objects.all())

    with pytest.raises(ValueError, match="parameter"):
        prepared(document=1)


def test_annotations_and_only_come_through(document):
    def build(school):
        return (
            GrowthDocument.objects.filter(school_id=school)
            .annotate(conversation_count=Count("conversations"))
            .only("uuid", "status")
        )

    (found,) = PreparedQuery(build)(school=document.school_id)

    assert found.conversation_count == 1
    assert found.uuid == document.uuid
    assert (
        found.get_deferred_fields()
        == build(document.school_id)[0].get_deferred_fields()
    )


def test_other_iterables_are_refused(db):
    prepared = PreparedQuery(
        lambda school: GrowthDocument.objects.filter(school_id=school).values("pk")
    )

    with pytest.raises(ValueError, match="values_list"):
        prepared(school=1)
