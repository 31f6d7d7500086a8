import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PRIMARY = "primary", _("primary school")
    SECONDARY = "secondary", _("secondary school")
    BOTH = "both", _("primary and secondary school")


# Bounds of a school's retention period, in months. A shorter period would
# erase a pupil who left in June before a question about them in autumn.
MIN_RETENTION_MONTHS = 6
MAX_RETENTION_MONTHS = 120
DEFAULT_RETENTION_MONTHS = 24


class School(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    starter_audience = models.CharField(
        _("conversation starters for"),
        max_length=10,
        choices=Audience.choices,
        default=Audience.BOTH,
        help_text=_("Which cards of the deck the pupils of this school get to see."),
    )
    two_factor_required = models.BooleanField(
        _("two-factor login required"),
        default=False,
        help_text=_(
            "Care coordinators and school administrators of this school log in "
            "with a one-time code from an app on their phone, after their password."
        ),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("retention period in months"),
        default=DEFAULT_RETENTION_MONTHS,
        validators=[
            MinValueValidator(MIN_RETENTION_MONTHS),
            MaxValueValidator(MAX_RETENTION_MONTHS),
        ],
        help_text=_(
            "How long the data of a pupil who left the school is kept, counted "
            "from the day they left. Afterwards the pupil and all their growth "
            "documents are erased."
        ),
    )
    coordinators_read_notes = models.BooleanField(
        _("care coordinators read the coaches' notes"),
        default=False,
        help_text=_(
            "When ticked, care coordinators see the coach-only notes of every "
            "conversation, on the growth document, in the report and in the pupil "
            "export. Colleagues a document is shared with and the pupil never see "
            "them."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(retention_months__gte=MIN_RETENTION_MONTHS)
                & models.Q(retention_months__lte=MAX_RETENTION_MONTHS),
                name="school_retention_months_in_range",
            ),
        ]

    def __str__(self):
        return self.name


class User(AbstractUser):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username


class CalendarTitleStyle(models.TextChoices):
    FIRST_NAME_INITIAL = "first_name_initial", _("first name and initial, e.g. Zoë V.")
    INITIALS = "initials", _("initials only, e.g. Z.V.")


class CalendarFeed(models.Model):
    """A coach's private calendar link with their follow-up dates.

    The token in the link is the only key, so it is long, random and can be
    replaced, which revokes the old link.
    """

    user = models.OneToOneField(
        "User", models.CASCADE, related_name="calendar_feed", verbose_name=_("user")
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    title_style = models.CharField(
        _("pupil's name in the calendar"),
        max_length=20,
        choices=CalendarTitleStyle.choices,
        default=CalendarTitleStyle.FIRST_NAME_INITIAL,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.user}"


class Role(models.TextChoices):
    COACH = "coach", _("coach")
    COORDINATOR = "coordinator", _("care coordinator")
    ADMIN = "admin", _("school administrator")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        """Memberships that let their user work in the school."""
        return self.filter(is_active=True, user__is_active=True)

    def active_admins(self):
        return self.active().filter(role=Role.ADMIN)


class Membership(models.Model):
    """A user's role in one school; a user can belong to several schools."""

    user = models.ForeignKey(
        User,
        models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    school = models.ForeignKey(
        School,
        models.CASCADE,
        related_name="memberships",
        verbose_name=_("school"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.COACH
    )
    # A deactivated member keeps their place in the history (documents, hand-
    # overs), but cannot work in the school until an administrator reactivates
    # the membership.
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school"], name="membership_one_role_per_school"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_known_role"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.school})"

    @property
    def sees_all_documents(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def exports_pupil_data(self) -> bool:
        """Whether this member may export the school's pupil data.

        Answering a pupil's access request and handing data over is the
        school's task, so care coordinators and school administrators do it,
        not every coach.
        """
        return self.role in (Role.COORDINATOR, Role.ADMIN)

    @property
    def manages_pupil_data(self) -> bool:
        """Whether this member may read the audit log and erase pupils.

        The same members set the retention period. These are the school's
        duties as data controller, like exports.
        """
        return self.role in (Role.COORDINATOR, Role.ADMIN)

    @property
    def requires_two_factor(self) -> bool:
        """Whether the school makes this member log in with a one-time code.

        Care coordinators and school administrators see the whole school's
        pupil data, so the school can require it of them.
        """
        return self.school.two_factor_required and self.role in (
            Role.COORDINATOR,
            Role.ADMIN,
        )

    @property
    def administers_school(self) -> bool:
        return self.role == Role.ADMIN


INVITATION_LIFETIME = timedelta(days=7)


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest under which an invitation token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Invitations that can still be used."""
        return self.filter(
            used_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=timezone.now(),
        )


class Invitation(models.Model):
    """A one-time link that lets someone join a school with a given role.

    Only the SHA-256 hash of the token is stored: the link is shown once to the
    administrator who made it, and a copy of the database cannot be used to
    join.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(
        School, models.CASCADE, related_name="invitations", verbose_name=_("school")
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.COACH
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        User,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    used_by = models.ForeignKey(
        User,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("used by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="invitation_known_role"
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.school})"

    @classmethod
    def create(cls, **fields) -> tuple["Invitation", str]:
        """Save a new invitation and return it with its token.

        The token is not stored, so the caller must show it now or never.
        Invitations that expired more than INVITATION_LIFETIME ago are
        deleted first, because their names and e-mail addresses serve no
        purpose any more.
        """
        cls.objects.filter(expires_at__lt=timezone.now() - INVITATION_LIFETIME).delete()
        token = secrets.token_urlsafe(32)
        invitation = cls.objects.create(
            token_hash=hash_token(token),
            expires_at=timezone.now() + INVITATION_LIFETIME,
            **fields,
        )
        return invitation, token

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        return not (self.used_at or self.withdrawn_at or self.is_expired)


class LoginSession(models.Model):
    """The session key of one login, so the sessions of a user can be ended.

    Filled when a user logs in and removed when they log out; end_sessions in
    accounts.sessions deletes the sessions it lists from the session store.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="login_sessions",
        verbose_name=_("user"),
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("login session")
        verbose_name_plural = _("login sessions")

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"
