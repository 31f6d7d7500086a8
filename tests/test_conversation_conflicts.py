"""Two people saving the same conversation: a conflict, never an overwrite."""

import json

import pytest
from django.urls import reverse

from groeidocument.conversations.services import start_follow_up
from groeidocument.conversations.steps import changed_meanwhile
from groeidocument.growth.models import ConversationEntry
from groeidocument.growth.services import share_document
from tests.conftest import make_user

# The conflict rule.


@pytest.mark.parametrize(
    ("base", "stored", "new", "conflict"),
    [
        ("Oud", "Oud", "Mijn", False),
        ("Oud", "Ander", "Mijn", True),
        ("Oud", "Ander", "Ander", False),
        ("", "Ander", "Mijn", True),
        ("Oud", "", "Mijn", True),
        (None, "Ander", "Mijn", False),
        ("Regel 1\r\nRegel 2", "Regel 1\nRegel 2", "Mijn", False),
        ("4", 6, 7, True),
        ("4", 4, 7, False),
        ("", None, 3, False),
    ],
)
def test_changed_meanwhile_rule(base, stored, new, conflict):
    data = {} if base is None else {"base:field": base}
    conflicts = {}

    assert changed_meanwhile(data, "field", stored, new, conflicts) is conflict
    if conflict:
        assert conflicts == {"field": "" if stored is None else str(stored)}
    else:
        assert conflicts == {}


# Through the view.


@pytest.fixture
def writer(school, document):
    user = make_user("writer", school)
    share_document(document, user=document.coach, colleague=user, access="write")
    return user


@pytest.fixture
def draft(document, coach):
    return start_follow_up(document, coach)


def save(client, draft, data, htmx=True):
    url = reverse("conversations:step", args=[draft.uuid, "looking_back"])
    if htmx:
        return client.post(url, data, HTTP_HX_REQUEST="true")
    return client.post(url, {**data, "action": "scaling"})


def field(document):
    return f"ap-{document.action_points.get().uuid}-going_better"


def stored(draft):
    return ConversationEntry.objects.get(conversation=draft).going_better


def test_stale_save_conflicts_and_keeps_stored_text(
    client, coach, writer, document, draft
):
    name = field(document)
    client.force_login(coach)
    save(client, draft, {name: "Van de begeleider", f"base:{name}": ""})
    client.force_login(writer)

    response = save(client, draft, {name: "Van de collega", f"base:{name}": ""})

    assert response.status_code == 200
    assert response.headers["X-Save-State"] == "conflict"
    assert json.loads(response.headers["X-Save-Kept"]) == [name]
    content = response.content.decode()
    assert f'id="conflict-{name}"' in content
    assert "Van de begeleider" in content
    assert "Mijn tekst bewaren" in content
    assert "De andere tekst overnemen" in content
    assert stored(draft) == "Van de begeleider"


def test_keep_mine_saves_over_the_other_text(client, coach, writer, document, draft):
    name = field(document)
    client.force_login(coach)
    save(client, draft, {name: "Van de begeleider", f"base:{name}": ""})
    client.force_login(writer)

    # "Mijn tekst bewaren" sends the other text as the base.
    response = save(
        client, draft, {name: "Van de collega", f"base:{name}": "Van de begeleider"}
    )

    assert response.headers["X-Save-State"] == "saved"
    assert json.loads(response.headers["X-Save-Kept"]) == []
    assert stored(draft) == "Van de collega"


def test_other_fields_save_beside_a_conflict(client, coach, writer, document, draft):
    name = field(document)
    other = name.replace("going_better", "how_achieved")
    client.force_login(coach)
    save(client, draft, {name: "Van de begeleider", f"base:{name}": ""})
    client.force_login(writer)

    save(
        client,
        draft,
        {
            name: "Botsing",
            f"base:{name}": "",
            other: "Zo lukte het",
            f"base:{other}": "",
        },
    )

    entry = ConversationEntry.objects.get(conversation=draft)
    assert entry.going_better == "Van de begeleider"
    assert entry.how_achieved == "Zo lukte het"


def test_full_submit_with_conflict_stays_with_both_texts(
    client, coach, writer, document, draft
):
    name = field(document)
    client.force_login(coach)
    save(client, draft, {name: "Van de begeleider", f"base:{name}": ""})
    client.force_login(writer)

    response = save(
        client, draft, {name: "Van de collega", f"base:{name}": ""}, htmx=False
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Van de collega</textarea>" in content
    assert "Van de begeleider" in content
    # The base stays the old one, so the conflict stays until it is resolved.
    assert f'name="base:{name}" value=""' in content
    assert stored(draft) == "Van de begeleider"


def test_one_coach_in_two_tabs_conflicts(client, coach, document, draft):
    name = field(document)
    client.force_login(coach)
    save(client, draft, {name: "Eerste tabblad", f"base:{name}": ""})

    response = save(client, draft, {name: "Tweede tabblad", f"base:{name}": ""})

    assert response.headers["X-Save-State"] == "conflict"
    assert stored(draft) == "Eerste tabblad"


def test_conflict_on_note_and_compliment(client, coach, document, draft):
    client.force_login(coach)
    url = reverse("conversations:step", args=[draft.uuid, "agreements"])
    client.post(
        url,
        {"compliment": "Eerst", "base:compliment": "", "note": "A", "base:note": ""},
        HTTP_HX_REQUEST="true",
    )

    response = client.post(
        url,
        {"compliment": "Later", "base:compliment": "", "note": "B", "base:note": ""},
        HTTP_HX_REQUEST="true",
    )

    assert json.loads(response.headers["X-Save-Kept"]) == ["compliment", "note"]
    draft.refresh_from_db()
    assert draft.compliment == "Eerst"
    assert draft.coach_notes == {"agreements": "A"}


def test_markup_in_other_text_shows_as_text(client, coach, document, draft):
    name = field(document)
    client.force_login(coach)
    markup = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    save(client, draft, {name: markup, f"base:{name}": ""})

    response = save(client, draft, {name: "Mijn", f"base:{name}": ""})

    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "<img src=x" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
