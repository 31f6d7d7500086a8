"""The audit log: who viewed or changed which pupil data, and when.

An entry stores identifiers only, never content: no names, no texts and no
IP address. Pupils and documents are kept as UUIDs rather than foreign keys,
so that the entries outlive the erasure of the pupil they describe. The user
is a nullable foreign key with a snapshot of the user name, so that an entry
also outlives a deleted user account.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from groeidocument.accounts.models import Role, School


class Action(models.TextChoices):
    VIEWED_PUPIL = "viewed_pupil", _("viewed the pupil")
    ADDED_PUPIL = "added_pupil", _("added the pupil")
    EDITED_PUPIL = "edited_pupil", _("edited the pupil")
    VIEWED_DOCUMENT = "viewed_document", _("viewed the growth document")
    CREATED_DOCUMENT = "created_document", _("created a growth document")
    EDITED_DOCUMENT = "edited_document", _("edited the growth document")
    CONVERSATION_STARTED = "conversation_started", _("started a conversation")
    CONVERSATION_OPENED = "conversation_opened", _("opened the conversation")
    CONVERSATION_SAVED = "conversation_saved", _("saved the conversation")
    CONVERSATION_FINISHED = "conversation_finished", _("finished the conversation")
    CONVERSATION_DISCARDED = (
        "conversation_discarded",
        _("threw the unfinished conversation away"),
    )
    PRINTED = "printed", _("opened the print view")
    PDF_DOWNLOADED = "pdf_downloaded", _("downloaded the pupil's copy (PDF)")
    REPORT_DOWNLOADED = "report_downloaded", _("downloaded the report (PDF)")
    EXPORTED_PUPIL = "exported_pupil", _("exported the pupil's data (JSON)")
    EXPORTED_SCHOOL = "exported_school", _("exported the school's data")
    IMPORTED = "imported", _("imported a class list")
    CLOSED = "closed", _("closed the growth document")
    REOPENED = "reopened", _("reopened the growth document")
    HANDED_OVER = "handed_over", _("handed the growth document over")
    CLASS_RENAMED = "class_renamed", _("renamed the pupil's class")
    SHARED = "shared", _("shared the growth document or changed the access")
    UNSHARED = "unshared", _("withdrew a colleague's access to the document")
    ERASED = "erased", _("erased the pupil")
    ERASED_BY_RETENTION = (
        "erased_retention",
        _("erased the pupil after the retention period"),
    )


class AuditEntryQuerySet(models.QuerySet):
    def of_pupil(self, school, pupil_uuid):
        return self.filter(school=school, pupil_uuid=pupil_uuid)

    def erasures(self, school):
        return self.filter(
            school=school, action__in=[Action.ERASED, Action.ERASED_BY_RETENTION]
        )


class AuditEntry(models.Model):
    created_at = models.DateTimeField(
        pgettext_lazy("moment of an audit entry", "when"),
        default=timezone.now,
        editable=False,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # The user name at the time, kept when the account is deleted. Empty for
    # the entries of a command, such as applyretention.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    school = models.ForeignKey(
        School, models.CASCADE, related_name="+", verbose_name=_("school")
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    pupil_uuid = models.UUIDField(_("pupil"), null=True, blank=True)
    document_uuid = models.UUIDField(_("growth document"), null=True, blank=True)
    # The number of pupils an import or export touched; empty otherwise.
    pupil_count = models.PositiveIntegerField(
        _("number of pupils"), null=True, blank=True
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["school", "pupil_uuid", "created_at"],
                name="audit_entry_pupil_log",
            ),
            models.Index(
                fields=["school", "action", "created_at"],
                name="audit_entry_school_action",
            ),
            # For the check whether an autosave was recorded a moment ago.
            models.Index(
                fields=["document_uuid", "created_at"],
                name="audit_entry_document",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=Action.values),
                name="audit_entry_known_action",
            ),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.action}"
