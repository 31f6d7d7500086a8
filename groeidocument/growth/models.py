import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from groeidocument.accounts.models import Audience, Membership
from groeidocument.growth import rules
from groeidocument.pupils.models import Pupil


class DocumentStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("document status", "open")
    CLOSED = "closed", pgettext_lazy("document status", "closed")


class Domain(models.TextChoices):
    LEARNING = "learning", _("learning")
    SOCIAL = "social", _("place in the class group")
    CONFLICTS = "conflicts", _("handling conflicts")
    PROBLEM_SOLVING = "problem_solving", _("problem solving")
    OTHER = "other", _("something else")


class ConversationKind(models.TextChoices):
    FIRST = "first", _("first conversation")
    FOLLOW_UP = "follow_up", _("follow-up conversation")


class ActionPointStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action point status", "working on it")
    REACHED = "reached", _("good enough")
    STOPPED = "stopped", pgettext_lazy("action point status", "stopped")


class CloseReason(models.TextChoices):
    GOAL_REACHED = "goal_reached", _("goal reached")
    STOPPED = "stopped", pgettext_lazy("close reason", "stopped")
    PUPIL_LEFT = "pupil_left", _("pupil left the school")


class SupportKept(models.TextChoices):
    YES = "yes", _("yes")
    PARTLY = "partly", _("partly")
    NO = "no", _("not yet")


class ConversationStatus(models.TextChoices):
    DRAFT = "draft", _("not finished")
    COMPLETE = "complete", _("finished")


def answer_field(verbose_name):
    return models.TextField(
        verbose_name,
        blank=True,
        validators=[MaxLengthValidator(rules.MAX_ANSWER_LENGTH)],
    )


class ShareAccess(models.TextChoices):
    READ = "read", _("read")
    WRITE = "write", _("write")


def _shared_with(user, access=None, document_field="pk"):
    """Return an Exists() that is true where the document is shared with user.

    access limits it to shares of that kind. document_field names the field of
    the outer query that contains the document's id.
    """
    shares = DocumentShare.objects.filter(document=OuterRef(document_field), user=user)
    if access:
        shares = shares.filter(access=access)
    return Exists(shares)


class GrowthDocumentQuerySet(models.QuerySet):
    """The access rule of growth documents, in one place.

    Within membership's school: a care coordinator reads, edits and manages
    every document. Any other member reads the documents they hold and those
    shared with them, edits those they hold and those shared with write
    access, and manages (closes, reopens, hands over, shares) only those they
    hold. Nothing crosses schools.
    """

    def in_school(self, school):
        """Documents of school's pupils.

        Both the copied school and the pupil's school must match: the first
        lets the database use the school's index, the second keeps the rule
        as strict as the pupil's own school.
        """
        return self.filter(school=school, pupil__school=school)

    def visible_to(self, membership: Membership):
        """Documents of membership's school that its user may read."""
        documents = self.in_school(membership.school)
        if membership.sees_all_documents:
            return documents
        return documents.filter(
            Q(coach=membership.user) | _shared_with(membership.user)
        )

    def editable_by(self, membership: Membership):
        """Documents whose conversations membership's user may change."""
        documents = self.in_school(membership.school)
        if membership.sees_all_documents:
            return documents
        return documents.filter(
            Q(coach=membership.user) | _shared_with(membership.user, ShareAccess.WRITE)
        )

    def managed_by(self, membership: Membership):
        """Documents membership's user may close, reopen, hand over and share."""
        documents = self.in_school(membership.school)
        if membership.sees_all_documents:
            return documents
        return documents.filter(coach=membership.user)

    def with_share_of(self, membership: Membership):
        """Annotate shared_access: the access of the user's share, or None.

        Care coordinators read and manage every document of their school
        whatever access a share grants. So, as on the document page, their rows
        get no share and the query no subquery.
        """
        if membership.sees_all_documents:
            return self
        shares = DocumentShare.objects.filter(
            document=OuterRef("pk"), user=membership.user
        )
        return self.annotate(shared_access=Subquery(shares.values("access")[:1]))

    def open(self):
        return self.filter(status=GrowthDocument.Status.OPEN)


class GrowthDocument(models.Model):
    Status = DocumentStatus

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(
        Pupil,
        models.CASCADE,
        related_name="growth_documents",
        verbose_name=_("pupil"),
    )
    # The pupil's school, copied by save() so that the lists of a school find
    # its documents through one index of this table instead of through the
    # pupils. No form, import or service moves a pupil to another school, so
    # the copy stays right.
    school = models.ForeignKey(
        "accounts.School",
        models.CASCADE,
        related_name="+",
        blank=True,
        editable=False,
        # The index below starts with the school.
        db_index=False,
        verbose_name=_("school"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="growth_documents",
        verbose_name=_("coach"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(
        _("reason"), max_length=20, choices=CloseReason.choices, blank=True
    )
    # The follow-up date agreed in the latest conversation and that
    # conversation's date, kept here so that the overview can sort and filter
    # on them without reading every conversation.
    next_follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    last_conversation_on = models.DateField(
        _("last conversation"), null=True, blank=True
    )
    # Raised at every save through the services, to detect edits that overlap.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = GrowthDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("growth document")
        verbose_name_plural = _("growth documents")
        ordering = ["-started_on", "-created_at"]
        indexes = [
            models.Index(fields=["coach", "status", "next_follow_up_on"]),
            models.Index(
                fields=["school", "status", "next_follow_up_on"],
                name="document_school_follow_up",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=DocumentStatus.values),
                name="document_known_status",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("started_on")),
                name="document_closed_after_start",
            ),
        ]

    def __str__(self):
        return _("Growth document of %(pupil)s, %(date)s") % {
            "pupil": self.pupil,
            "date": self.started_on.strftime("%d/%m/%Y"),
        }

    def save(self, *args, **kwargs):
        if self.school_id is None:
            self.school_id = self.pupil.school_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("growth:detail", args=[self.uuid])

    def latest_conversation(self):
        """Return the latest finished conversation. Drafts do not count yet."""
        return self.conversations.complete().order_by("-held_on", "-created_at").first()

    def refresh_schedule(self):
        """Copy the latest finished conversation's dates onto the document.

        The caller saves the document.
        """
        latest = self.latest_conversation()
        self.next_follow_up_on = latest.follow_up_on if latest else None
        self.last_conversation_on = latest.held_on if latest else None

    def draft_conversation(self):
        return self.conversations.drafts().order_by("-created_at").first()

    def latest_entries(self, finished_entries=None) -> dict[int, "ConversationEntry"]:
        """Map each action point's id to its entry of the latest conversation.

        Earlier conversations stay untouched; an action point added at a later
        conversation has no entry in the ones before it. finished_entries, when
        given, are the entries already read, as finished_newest_first orders them.
        """
        if finished_entries is None:
            finished_entries = ConversationEntry.objects.finished_newest_first(self)
        latest = {}
        for entry in finished_entries:
            latest.setdefault(entry.action_point_id, entry)
        return latest


class ActionPoint(models.Model):
    Domain = Domain

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(
        GrowthDocument,
        models.CASCADE,
        related_name="action_points",
        verbose_name=_("growth document"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    # Order of importance chosen with the pupil; position never changes, so
    # that the database can keep positions unique and within 1..3.
    importance = models.PositiveSmallIntegerField(_("importance"), default=1)
    wish = models.TextField(
        _("What would you like to do or be able to do differently?"),
        validators=[MaxLengthValidator(rules.MAX_ANSWER_LENGTH)],
    )
    wish_by_pupil = models.BooleanField(_("written by the pupil"), default=False)
    domain = models.CharField(
        pgettext_lazy("kind of action point", "area"),
        max_length=20,
        choices=Domain.choices,
        default=Domain.LEARNING,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ActionPointStatus.choices,
        default=ActionPointStatus.OPEN,
    )
    closed_in = models.ForeignKey(
        "Conversation",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="closed_action_points",
        verbose_name=_("closed in"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("action point")
        verbose_name_plural = _("action points")
        # Ordering by "document" would join every query to the growth documents
        # to sort by their ordering, so the column is used instead.
        ordering = ["document_id", "importance", "position"]
        constraints = [
            # Positions 1..MAX_ACTION_POINTS, unique per document: the database
            # itself contains at most three action points per document.
            models.CheckConstraint(
                condition=models.Q(position__gte=1)
                & models.Q(position__lte=rules.MAX_ACTION_POINTS),
                name="action_point_position_in_range",
                violation_error_message=_(
                    "A growth document has at most 3 action points."
                ),
            ),
            models.UniqueConstraint(
                fields=["document", "position"],
                name="action_point_unique_position",
            ),
            models.CheckConstraint(
                condition=models.Q(domain__in=Domain.values),
                name="action_point_known_domain",
            ),
        ]

    def __str__(self):
        return self.wish

    def clean(self):
        if self.wish is not None and not self.wish.strip():
            raise ValidationError(
                {"wish": _("Write down what the pupil wants to get better at.")}
            )
        if self.document_id and self._state.adding:
            existing = ActionPoint.objects.filter(document_id=self.document_id).count()
            rules.validate_action_point_count(existing + 1)


class ConversationStarter(models.Model):
    """An ice-breaker question card of a school's deck."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(
        "accounts.School",
        models.CASCADE,
        related_name="conversation_starters",
        verbose_name=_("school"),
    )
    question = models.CharField(_("question"), max_length=200)
    audience = models.CharField(
        _("for"), max_length=10, choices=Audience.choices, default=Audience.BOTH
    )
    is_active = models.BooleanField(
        _("in the deck"),
        default=True,
        help_text=_("Untick this to retire the card; conversations keep it."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conversation starter")
        verbose_name_plural = _("conversation starters")
        ordering = ["question"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(audience__in=Audience.values),
                name="starter_known_audience",
            ),
        ]

    def __str__(self):
        return self.question


class ConversationQuerySet(models.QuerySet):
    """Conversations under the same rule as GrowthDocumentQuerySet.

    Written as joins and an Exists() on the shares: a subquery of visible
    document ids would list every document of the school before it filters.
    """

    def visible_to(self, membership: Membership):
        """Conversations of the documents that membership's user may read."""
        conversations = self.filter(document__pupil__school=membership.school)
        if membership.sees_all_documents:
            return conversations
        return conversations.filter(
            Q(document__coach=membership.user)
            | _shared_with(membership.user, document_field="document_id")
        )

    def editable_by(self, membership: Membership):
        """Conversations of the documents that membership's user may change."""
        conversations = self.filter(document__pupil__school=membership.school)
        if membership.sees_all_documents:
            return conversations
        return conversations.filter(
            Q(document__coach=membership.user)
            | _shared_with(
                membership.user, ShareAccess.WRITE, document_field="document_id"
            )
        )

    def complete(self):
        return self.filter(status=ConversationStatus.COMPLETE)

    def drafts(self):
        return self.filter(status=ConversationStatus.DRAFT)


class Conversation(models.Model):
    Kind = ConversationKind
    Status = ConversationStatus
    # Steps of the conversation mode that carry a coach-only note.
    NOTE_STEPS = [
        "starter",
        "action_points",
        "looking_back",
        "scaling",
        "step_up",
        "agreements",
    ]

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(
        GrowthDocument,
        models.CASCADE,
        related_name="conversations",
        verbose_name=_("growth document"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.FIRST
    )
    held_on = models.DateField(
        _("date of the conversation"), default=timezone.localdate
    )
    follow_up_on = models.DateField(
        _("follow-up date"),
        null=True,
        blank=True,
        help_text=_("When you look back together at the steps taken."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConversationStatus.choices,
        default=ConversationStatus.COMPLETE,
    )
    starter = models.ForeignKey(
        ConversationStarter,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conversation starter"),
    )
    # The conversation-mode step shown last, where a draft is resumed.
    current_step = models.CharField(max_length=20, blank=True, editable=False)
    capacity_checked = models.BooleanField(
        _("the pupil can carry these action points now"), default=False
    )
    compliment = answer_field(_("compliment"))
    # Coach-only notes per conversation-mode step, keyed by NOTE_STEPS. Never
    # shown in the pupil view or printed on the pupil's copy.
    coach_notes = models.JSONField(_("coach's notes"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    completed_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["held_on", "created_at"]
        indexes = [
            # The overview lists the user's unfinished conversations. Drafts are
            # few, so indexing only them finds them without reading every
            # conversation the user ever held.
            models.Index(
                fields=["created_by", "updated_at"],
                condition=models.Q(status=ConversationStatus.DRAFT),
                name="conversation_draft_by_creator",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(follow_up_on__isnull=True)
                | models.Q(follow_up_on__gte=models.F("held_on")),
                name="conversation_follow_up_not_before",
                violation_error_message=_(
                    "The follow-up date is before the conversation date."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ConversationKind.values),
                name="conversation_known_kind",
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=models.Q(kind=ConversationKind.FIRST),
                name="conversation_one_first_per_document",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ConversationStatus.values),
                name="conversation_known_status",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"

    def clean(self):
        rules.validate_follow_up_date(self.held_on, self.follow_up_on)
        notes = self.coach_notes
        if not isinstance(notes, dict) or set(notes) - set(self.NOTE_STEPS):
            raise ValidationError({"coach_notes": _("Unknown conversation step.")})
        for text in notes.values():
            if not isinstance(text, str) or len(text) > rules.MAX_ANSWER_LENGTH:
                raise ValidationError(
                    {"coach_notes": _("A note is longer than 2000 characters.")}
                )

    @property
    def is_draft(self) -> bool:
        return self.status == ConversationStatus.DRAFT

    def notes_visible_to(self, membership: Membership) -> bool:
        """Return whether membership's user may read this conversation's coach notes.

        The author always may. A care coordinator of the pupil's school may
        too when the school allows it. A colleague the document is shared
        with never may, and neither may the pupil view or the pupil's copy.
        """
        if self.created_by_id == membership.user_id:
            return True
        school = membership.school
        return (
            membership.sees_all_documents
            and school.coordinators_read_notes
            and self.document.pupil.school_id == school.id
        )


class ConversationEntryQuerySet(models.QuerySet):
    def newest_first(self):
        """Entries with their conversation, the newest conversation first."""
        return self.select_related("conversation").order_by(
            "-conversation__held_on", "-conversation__created_at"
        )

    def finished_newest_first(self, document):
        """Entries of the document's finished conversations, newest first."""
        return self.filter(
            conversation__document=document,
            conversation__status=ConversationStatus.COMPLETE,
        ).newest_first()


class ConversationEntry(models.Model):
    """The record of one action point in one conversation."""

    conversation = models.ForeignKey(
        Conversation,
        models.CASCADE,
        related_name="entries",
        verbose_name=_("conversation"),
    )
    action_point = models.ForeignKey(
        ActionPoint,
        models.CASCADE,
        related_name="entries",
        verbose_name=_("action point"),
    )
    scale_value = models.PositiveSmallIntegerField(
        _("scale value"),
        null=True,
        blank=True,
        validators=[rules.validate_scale_value],
        help_text=rules.SCALE_HELP,
    )
    strengths = answer_field(_("What are you already good at, and how do you do it?"))
    goal = answer_field(_("What is your goal?"))
    support = answer_field(_("What can I do to help you with that?"))
    first_step = answer_field(_("What will you do first to reach your goal?"))
    next_step = answer_field(_("What will you do next to reach your goal?"))
    # What the scale value means: the resources for the next step.
    how_far = answer_field(_("How did you get this far?"))
    where_learned = answer_field(_("Where did you learn it?"))
    who_helped = answer_field(_("Who or what helped you?"))
    what_is_fun = answer_field(_("What is fun about being able to do this?"))
    # One step up (X+1).
    one_step_up = answer_field(_("How would you notice that you are one step higher?"))
    smallest_change = answer_field(_("What is the smallest change you would notice?"))
    what_is_needed = answer_field(_("What do you need for that?"))
    # Looking back, at a follow-up conversation.
    going_better = answer_field(
        _("What is already going better, even if only a little?")
    )
    how_achieved = answer_field(_("How did you manage that?"))
    support_kept = models.CharField(
        _("Did the coach keep their promise?"),
        max_length=10,
        choices=SupportKept.choices,
        blank=True,
    )
    feedback = answer_field(_("feedback"))
    # Names of the answer fields above that the pupil wrote in their own words.
    pupil_written = models.JSONField(
        _("written by the pupil"), default=list, blank=True
    )

    objects = ConversationEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation entry")
        verbose_name_plural = _("conversation entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_value__isnull=True)
                | (
                    models.Q(scale_value__gte=rules.SCALE_MIN)
                    & models.Q(scale_value__lte=rules.SCALE_MAX)
                ),
                name="entry_scale_value_in_range",
                violation_error_message=_("The scale value runs from 0 to 10."),
            ),
            models.UniqueConstraint(
                fields=["conversation", "action_point"],
                name="entry_one_per_action_point_and_conversation",
            ),
        ]

    def __str__(self):
        return f"{self.action_point} ({self.conversation})"

    def clean(self):
        unknown = set(self.pupil_written or []) - set(rules.ENTRY_TEXT_FIELDS)
        if not isinstance(self.pupil_written, list) or unknown:
            raise ValidationError({"pupil_written": _("Unknown answer field.")})
        if (
            self.conversation_id
            and self.action_point_id
            and self.action_point.document_id != self.conversation.document_id
        ):
            raise ValidationError(
                _("The action point belongs to another growth document.")
            )

    def is_pupil_written(self, field_name: str) -> bool:
        return field_name in self.pupil_written


class DocumentShare(models.Model):
    """A growth document shared with a colleague of the same school.

    The holding coach or a care coordinator shares it, to read or to write.
    Read access shows the document, its print view and PDFs. Write access
    also lets the colleague edit it and hold conversations. Only the holder
    and a care coordinator close, reopen, hand over or share it.
    """

    Access = ShareAccess

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(
        GrowthDocument,
        models.CASCADE,
        related_name="shares",
        verbose_name=_("growth document"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="document_shares",
        verbose_name=_("colleague"),
    )
    access = models.CharField(_("access"), max_length=10, choices=ShareAccess.choices)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("shared by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "user"], name="share_one_per_colleague"
            ),
            models.CheckConstraint(
                condition=models.Q(access__in=ShareAccess.values),
                name="share_known_access",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_access_display()})"


class DocumentEvent(models.Model):
    """Something that happened to a growth document besides a conversation."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("closed")
        REOPENED = "reopened", _("reopened")
        HANDED_OVER = "handed_over", _("handed over")
        SHARED = "shared", _("shared")
        SHARE_CHANGED = "share_changed", _("share changed")
        SHARE_WITHDRAWN = "share_withdrawn", _("share withdrawn")

    document = models.ForeignKey(
        GrowthDocument,
        models.CASCADE,
        related_name="events",
        verbose_name=_("growth document"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.CharField(
        _("reason"), max_length=20, choices=CloseReason.choices, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    from_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    to_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to"),
    )
    # For the share events: the colleague and the access given (empty when
    # withdrawn).
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("colleague"),
    )
    access = models.CharField(
        _("access"), max_length=10, choices=ShareAccess.choices, blank=True
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document event")
        verbose_name_plural = _("document events")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=[
                        "closed",
                        "reopened",
                        "handed_over",
                        "shared",
                        "share_changed",
                        "share_withdrawn",
                    ]
                ),
                name="document_event_known_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%d/%m/%Y}"
