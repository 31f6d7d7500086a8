import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PRIMARY = "primary", _("primary school")
    SECONDARY = "secondary", _("secondary school")
    BOTH = "both", _("primary and secondary school")


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
        return self.filter(user__is_active=True)


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
