"""Sharing a growth document with colleagues, and what each access allows."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from groeidocument.audit.models import Action, AuditEntry
from groeidocument.conversations.services import start_follow_up
from groeidocument.growth.models import DocumentEvent, DocumentShare, GrowthDocument
from groeidocument.growth.services import (
    hand_over_document,
    share_document,
    withdraw_share,
)
from groeidocument.scopes import Access, document_access
from tests.conftest import make_user
from tests.test_document_views import form_data

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'


def share_url(document):
    return reverse("growth:share", args=[document.uuid])


def manage_url(document):
    return reverse("growth:manage", args=[document.uuid])


def history_url(document):
    return reverse("growth:history", args=[document.uuid])


def shared(document, user, access):
    return share_document(document, user=document.coach, colleague=user, access=access)


@pytest.fixture
def reader(school, document):
    user = make_user("reader", school)
    shared(document, user, "read")
    return user


@pytest.fixture
def writer(school, document):
    user = make_user("writer", school)
    shared(document, user, "write")
    return user


# Sharing, changing and withdrawing, with the history.


def test_share_records_share_and_event(login, coach, colleague, document):
    response = login(coach).post(
        share_url(document), {"colleague": colleague.uuid, "access": "read"}
    )

    assert response.status_code == 302
    share = DocumentShare.objects.get(document=document)
    assert share.user == colleague
    assert share.access == "read"
    assert share.shared_by == coach
    event = document.events.get()
    assert event.kind == DocumentEvent.Kind.SHARED
    assert event.colleague == colleague
    assert event.access == "read"
    entry = AuditEntry.objects.get(action=Action.SHARED)
    assert (entry.user, entry.document_uuid) == (coach, document.uuid)


def test_share_again_changes_access(login, coach, colleague, document):
    client = login(coach)
    client.post(share_url(document), {"colleague": colleague.uuid, "access": "read"})

    client.post(share_url(document), {"colleague": colleague.uuid, "access": "write"})

    assert DocumentShare.objects.get(document=document).access == "write"
    kinds = list(document.events.values_list("kind", flat=True))
    assert kinds == ["shared", "share_changed"]


def test_share_with_same_access_adds_no_event(coach, colleague, document):
    shared(document, colleague, "read")
    shared(document, colleague, "read")

    assert document.events.count() == 1


def test_withdraw_removes_share_and_records_it(login, coach, reader, document):
    share = DocumentShare.objects.get(user=reader)

    response = login(coach).post(
        reverse("growth:unshare", args=[document.uuid, share.uuid])
    )

    assert response.status_code == 302
    assert not DocumentShare.objects.exists()
    assert document.events.last().kind == DocumentEvent.Kind.SHARE_WITHDRAWN
    entry = AuditEntry.objects.get(action=Action.UNSHARED)
    assert (entry.user, entry.pupil_uuid) == (coach, document.pupil.uuid)
    assert login(reader).get(document.get_absolute_url()).status_code == 404


def test_history_shows_share_events(login, coach, colleague, document):
    shared(document, colleague, "read")
    shared(document, colleague, "write")
    withdraw_share(document.shares.get(), user=coach)

    page = login(coach).get(history_url(document)).content.decode()

    assert "Gedeeld met Colleague om te lezen" in page
    assert "Colleague mag nu lezen en schrijven" in page
    assert "Niet meer gedeeld met Colleague" in page


def test_coordinator_may_share(login, coordinator, colleague, document):
    response = login(coordinator).post(
        share_url(document), {"colleague": colleague.uuid, "access": "write"}
    )

    assert response.status_code == 302
    assert DocumentShare.objects.get().shared_by == coordinator


# Only colleagues from the list.


def test_candidates_are_active_members_of_the_school(
    login, coach, colleague, document, outsider
):
    left = make_user("left", document.pupil.school)
    left.is_active = False
    left.save()

    page = login(coach).get(manage_url(document)).content.decode()

    assert f'value="{colleague.uuid}"' in page
    assert f'value="{left.uuid}"' not in page
    assert f'value="{outsider.uuid}"' not in page
    assert f'<option value="{coach.uuid}"' not in page


@pytest.mark.parametrize("who", ["outsider", "inactive", "holder", "malformed", "pk"])
def test_share_rejects_colleague_not_in_list(login, coach, document, outsider, who):
    inactive = make_user("inactive", document.pupil.school)
    inactive.is_active = False
    inactive.save()
    value = {
        "outsider": outsider.uuid,
        "inactive": inactive.uuid,
        "holder": coach.uuid,
        "malformed": "not-an-id",
        "pk": str(inactive.pk),
    }[who]

    response = login(coach).post(
        share_url(document), {"colleague": value, "access": "read"}, follow=True
    )

    assert "Kies een collega van deze school uit de lijst." in response.content.decode()
    assert not DocumentShare.objects.exists()
    assert not document.events.exists()


def test_share_rejects_unknown_access(login, coach, colleague, document):
    response = login(coach).post(
        share_url(document),
        {"colleague": colleague.uuid, "access": "manage"},
        follow=True,
    )

    assert "Kies lees- of schrijftoegang." in response.content.decode()
    assert not DocumentShare.objects.exists()


def test_share_ignores_extra_fields(login, coach, colleague, document, outsider):
    login(coach).post(
        share_url(document),
        {
            "colleague": colleague.uuid,
            "access": "read",
            "user": outsider.pk,
            "shared_by": outsider.pk,
            "document": 999,
        },
    )

    share = DocumentShare.objects.get()
    assert share.user == colleague
    assert share.shared_by == coach
    assert share.document == document


def test_unshare_of_other_document_is_not_found(login, coach, reader, document, pupil):
    other = GrowthDocument.objects.create(pupil=pupil, coach=coach)
    share = DocumentShare.objects.get(user=reader)

    response = login(coach).post(
        reverse("growth:unshare", args=[other.uuid, share.uuid])
    )

    assert response.status_code == 404
    assert DocumentShare.objects.filter(pk=share.pk).exists()


# Read access.


def test_reader_sees_document_without_edit_buttons(login, reader, document):
    page = login(reader).get(document.get_absolute_url()).content.decode()

    assert "gedeeld met jou om te lezen" in page
    assert reverse("growth:print", args=[document.uuid]) in page
    assert reverse("growth:edit", args=[document.uuid]) not in page
    assert reverse("growth:close", args=[document.uuid]) not in page
    assert reverse("growth:share", args=[document.uuid]) not in page
    assert reverse("conversations:start_for_document", args=[document.uuid]) not in (
        page
    )


@pytest.mark.parametrize("route", ["growth:print", "growth:pdf", "growth:report_pdf"])
def test_reader_opens_print_and_pdfs(login, reader, document, route):
    response = login(reader).get(reverse(route, args=[document.uuid]))

    assert response.status_code == 200


def test_reader_gets_dutch_refusal_on_edit(login, reader, document):
    response = login(reader).get(reverse("growth:edit", args=[document.uuid]))

    assert response.status_code == 403
    content = response.content.decode()
    assert "Geen toegang" in content
    assert "Dit groeidocument is met jou gedeeld om te lezen." in content
    assert f'href="{document.get_absolute_url()}"' in content


def test_writer_gets_reason_on_close(login, writer, document):
    response = login(writer).post(
        reverse("growth:close", args=[document.uuid]), {"reason": "goal_reached"}
    )

    assert response.status_code == 403
    assert "Alleen de begeleider die dit groeidocument in handen heeft" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "route", ["growth:close", "growth:reopen", "growth:hand_over", "growth:edit"]
)
def test_reader_cannot_change_document(login, reader, document, route, colleague):
    response = login(reader).post(
        reverse(route, args=[document.uuid]),
        {"reason": "goal_reached", "to_coach": colleague.uuid},
    )

    assert response.status_code == 403
    document.refresh_from_db()
    assert document.status == "open"
    assert document.coach.username == "owner"


def test_reader_cannot_open_conversation_mode(login, coach, reader, document):
    draft = start_follow_up(document, coach)

    response = login(reader).get(
        reverse("conversations:step", args=[draft.uuid, "scaling"])
    )

    assert response.status_code == 403


# Write access.


def test_writer_edits_and_holds_conversation(login, writer, document):
    client = login(writer)

    assert client.get(reverse("growth:edit", args=[document.uuid])).status_code == 200
    response = client.post(
        reverse("conversations:start_for_document", args=[document.uuid])
    )

    assert response.status_code == 302
    draft = document.conversations.drafts().get()
    assert draft.created_by == writer
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize("route", ["growth:close", "growth:hand_over", "growth:share"])
def test_writer_cannot_manage(login, writer, colleague, document, route):
    response = login(writer).post(
        reverse(route, args=[document.uuid]),
        {
            "reason": "goal_reached",
            "to_coach": colleague.uuid,
            "colleague": colleague.uuid,
            "access": "write",
        },
    )

    assert response.status_code == 403
    document.refresh_from_db()
    assert document.status == "open"
    assert not document.shares.filter(user=colleague).exists()


def test_writer_page_shows_edit_but_not_manage(login, writer, document):
    page = login(writer).get(document.get_absolute_url()).content.decode()

    assert "gedeeld met jou om te lezen en te schrijven" in page
    assert reverse("growth:edit", args=[document.uuid]) in page
    assert reverse("growth:close", args=[document.uuid]) not in page
    assert reverse("growth:hand_over", args=[document.uuid]) not in page


def test_writer_cannot_discard_first_draft(login, coach, school, pupil):
    from groeidocument.conversations.services import start_first_conversation

    first = start_first_conversation(pupil, coach)
    helper = make_user("helper", school)
    shared(first.document, helper, "write")

    response = login(helper).post(reverse("conversations:discard", args=[first.uuid]))

    assert response.status_code == 403
    assert GrowthDocument.objects.filter(pk=first.document_id).exists()


# Lists.


def test_overview_marks_shared_documents(login, reader, writer, document):
    page = login(reader).get(reverse("overview")).content.decode()

    assert document.get_absolute_url() in page
    assert "gedeeld met jou om te lezen" in page


def test_pupil_page_marks_shared_documents(login, writer, document):
    url = reverse("pupils:detail", args=[document.pupil.uuid])

    page = login(writer).get(url).content.decode()

    assert document.get_absolute_url() in page
    assert "gedeeld met jou om te lezen en te schrijven" in page
    assert "in handen van Owner" in page


@pytest.mark.parametrize("route", ["overview", "pupils:detail"])
def test_coordinator_rows_name_no_share(login, coordinator, document, route):
    # A care coordinator manages every document of the school: a share with
    # them grants nothing, so the lists do not mention it, as the document
    # page does not.
    shared(document, coordinator, "read")
    args = [document.pupil.uuid] if route == "pupils:detail" else []

    page = login(coordinator).get(reverse(route, args=args)).content.decode()

    assert document.get_absolute_url() in page
    assert "gedeeld met jou" not in page


def test_colleague_without_share_sees_nothing(login, colleague, document):
    page = login(colleague).get(reverse("overview")).content.decode()

    assert document.get_absolute_url() not in page


# Handing over.


def test_hand_over_keeps_other_shares(coach, reader, writer, document):
    hand_over_document(document, user=coach, to_coach=writer)

    assert list(document.shares.values_list("user__username", flat=True)) == ["reader"]
    assert document.events.last().kind == DocumentEvent.Kind.SHARE_WITHDRAWN
    assert not document.shares.filter(user=coach).exists()


def test_previous_holder_loses_access_after_hand_over(login, coach, writer, document):
    hand_over_document(document, user=coach, to_coach=writer)

    assert login(coach).get(document.get_absolute_url()).status_code == 404
    page = login(writer).get(manage_url(document)).content.decode()
    assert reverse("growth:share", args=[document.uuid]) in page


# Names with markup.


@pytest.mark.parametrize("name", [SCRIPT, IMAGE])
def test_markup_in_names_shows_as_text(login, coach, school, document, name):
    helper = make_user("helper", school)
    helper.first_name = name
    helper.save()
    shared(document, helper, "read")
    document.coach.first_name = name
    document.coach.save()

    holder_page = login(coach).get(document.get_absolute_url()).content.decode()
    helper_page = login(helper).get(reverse("overview")).content.decode()
    pupil_page = (
        login(helper)
        .get(reverse("pupils:detail", args=[document.pupil.uuid]))
        .content.decode()
    )

    for page in [holder_page, pupil_page]:
        assert name not in page
        assert escape(name) in page
    assert name not in helper_page


# The version that the edit form checks.


def test_conversation_mode_save_raises_version(login, writer, document):
    client = login(writer)
    client.post(reverse("conversations:start_for_document", args=[document.uuid]))
    draft = document.conversations.drafts().get()
    document.refresh_from_db()
    before = document.version
    action_point = document.action_points.get()

    client.post(
        reverse("conversations:step", args=[draft.uuid, "looking_back"]),
        {f"ap-{action_point.uuid}-going_better": "Ik bleef rustig."},
        HTTP_HX_REQUEST="true",
    )

    document.refresh_from_db()
    assert document.version == before + 1


def test_edit_form_conflicts_after_conversation_mode_save(login, coach, document):
    client = login(coach)
    form_page = client.get(reverse("growth:edit", args=[document.uuid]))
    version = form_page.context["version"]
    draft = start_follow_up(document, coach)
    action_point = document.action_points.get()
    client.post(
        reverse("conversations:step", args=[draft.uuid, "looking_back"]),
        {f"ap-{action_point.uuid}-going_better": "Ik bleef rustig."},
        HTTP_HX_REQUEST="true",
    )

    response = client.post(
        reverse("growth:edit", args=[document.uuid]),
        form_data(initial=1, version=version, **{"action-0-goal": "Mijn doel"}),
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Iemand anders heeft dit groeidocument opgeslagen" in content
    assert "Mijn doel</textarea>" in content


def test_finishing_keeps_raising_version(login, coach, document):
    from groeidocument.conversations.services import finish_conversation

    draft = start_follow_up(document, coach)
    action_point = document.action_points.get()
    client = login(coach)
    url = reverse("conversations:step", args=[draft.uuid, "scaling"])
    client.post(
        url, {f"ap-{action_point.uuid}-scale_value": "6"}, HTTP_HX_REQUEST="true"
    )
    document.refresh_from_db()
    after_autosave = document.version

    # The draft's document instance was loaded before the autosave.
    finish_conversation(draft)

    document.refresh_from_db()
    assert document.version == after_autosave + 1


@pytest.mark.parametrize(
    "persona", ["coach", "colleague", "reader", "writer", "coordinator"]
)
def test_document_access_follows_the_querysets(request, persona, document):
    """Check that document_access gives the querysets' result for one document."""
    user = request.getfixturevalue(persona)
    membership = user.memberships.get()
    documents = GrowthDocument.objects.filter(pk=document.pk)
    expected = {Access.READ} if documents.visible_to(membership).exists() else set()
    if documents.editable_by(membership).exists():
        expected.add(Access.WRITE)
    if documents.managed_by(membership).exists():
        expected.add(Access.MANAGE)

    if Access.READ in expected:
        assert document_access(membership, document) == expected
    else:
        assert persona == "colleague"


# The document page and the pages beside it.


def test_only_who_manages_gets_the_manage_tab(login, coach, colleague, document):
    shared(document, colleague, "write")

    holder_page = login(coach).get(document.get_absolute_url()).content.decode()
    helper_page = login(colleague).get(document.get_absolute_url()).content.decode()

    assert manage_url(document) in holder_page
    assert history_url(document) in holder_page
    assert manage_url(document) not in helper_page
    assert history_url(document) in helper_page
    assert share_url(document) not in holder_page


def test_sharing_returns_to_the_manage_page(login, coach, colleague, document):
    client = login(coach)

    shared_response = client.post(
        share_url(document), {"colleague": colleague.uuid, "access": "read"}
    )
    rejected_response = client.post(
        share_url(document), {"colleague": "", "access": ""}
    )

    assert shared_response.url == manage_url(document)
    assert rejected_response.url == manage_url(document)
    assert DocumentShare.objects.get().access == "read"


def test_nobody_shares_with_themself(login, coordinator, colleague, document):
    client = login(coordinator)

    page = client.get(manage_url(document)).content.decode()
    share_form = page.split('class="share-form"')[1].split("</form>")[0]
    hand_over_form = page.split('class="hand-over"')[1].split("</form>")[0]
    client.post(share_url(document), {"colleague": coordinator.uuid, "access": "read"})

    assert f'value="{coordinator.uuid}"' not in share_form
    assert f'value="{colleague.uuid}"' in share_form
    assert f'value="{coordinator.uuid}"' in hand_over_form
    assert not DocumentShare.objects.exists()


def test_holder_confirms_handing_over(login, coach, colleague, document):
    client = login(coach)
    hand_over = reverse("growth:hand_over", args=[document.uuid])

    page = client.get(manage_url(document)).content.decode()
    rejected = client.post(hand_over, {"to_coach": colleague.uuid})
    document.refresh_from_db()
    holder_before = document.coach
    confirmed = client.post(hand_over, {"to_coach": colleague.uuid, "confirm": "on"})
    document.refresh_from_db()

    assert 'name="confirm" required' in page
    assert rejected.url == manage_url(document)
    assert holder_before == coach
    assert confirmed.url == reverse("overview")
    assert document.coach == colleague


def test_coordinator_hands_over_without_confirming(
    login, coordinator, colleague, document
):
    client = login(coordinator)

    page = client.get(manage_url(document)).content.decode()
    client.post(
        reverse("growth:hand_over", args=[document.uuid]),
        {"to_coach": colleague.uuid},
    )
    document.refresh_from_db()

    assert 'name="confirm"' not in page
    assert document.coach == colleague


# Switching a share's access from its own row of the manage page.


def share_row(page, user):
    """Return the HTML of the list item of user's share on the manage page."""
    shares = page.split('id="sharing-heading"')[1].split('class="share-form"')[0]
    rows = [row for row in shares.split("<li>")[1:] if str(user) in row]
    assert len(rows) == 1, f"no single share row for {user}"
    return rows[0].split("</li>")[0]


def test_read_share_row_offers_write(login, coach, reader, document):
    row = share_row(login(coach).get(manage_url(document)).content.decode(), reader)

    assert f'action="{share_url(document)}"' in row
    assert f'name="colleague" value="{reader.uuid}"' in row
    assert 'name="access" value="write"' in row
    assert "Lezen en schrijven toestaan" in row
    assert f'aria-label="Lezen en schrijven toestaan voor {reader}"' in row
    assert "Niet meer delen" in row


def test_write_share_row_offers_read_only(login, coach, writer, document):
    row = share_row(login(coach).get(manage_url(document)).content.decode(), writer)

    assert 'name="access" value="read"' in row
    assert "Alleen lezen toestaan" in row


def test_switching_access_from_the_row(login, coach, reader, document):
    client = login(coach)
    row = share_row(client.get(manage_url(document)).content.decode(), reader)
    data = dict(re.findall(r'name="(colleague|access)" value="([^"]+)"', row))

    response = client.post(share_url(document), data, follow=True)

    assert DocumentShare.objects.get(user=reader).access == "write"
    event = document.events.last()
    assert (event.kind, event.colleague, event.access) == (
        "share_changed",
        reader,
        "write",
    )
    assert AuditEntry.objects.filter(action=Action.SHARED).count() == 1
    content = response.content.decode()
    assert "kan dit groeidocument nu lezen en aanpassen." in content
    assert "Alleen lezen toestaan" in share_row(content, reader)


def test_inactive_colleague_row_offers_only_withdrawal(login, coach, reader, document):
    reader.is_active = False
    reader.save()

    row = share_row(login(coach).get(manage_url(document)).content.decode(), reader)

    assert "toestaan" not in row
    assert "Niet meer delen" in row
