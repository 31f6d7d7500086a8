import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from groeidocument.accounts.models import School
from groeidocument.lib.schoolyear import is_school_year, school_year_of
from groeidocument.lib.text import fold

models.CharField.register_lookup(Length)


def validate_school_year(value: str):
    if not is_school_year(value):
        raise ValidationError(
            _("Write the school year as two consecutive years, for example 2026-2027."),
            code="invalid_school_year",
        )


def current_school_year() -> str:
    return school_year_of(timezone.localdate())


class PupilQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def search(self, query: str):
        """Filter on every word of query, ignoring case and accents."""
        for word in fold(query).split():
            self = self.filter(search_name__contains=word)
        return self


class Pupil(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(
        School, models.CASCADE, related_name="pupils", verbose_name=_("school")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    class_name = models.CharField(
        pgettext_lazy("school class group", "class"),
        max_length=20,
        help_text=_("The class group, for example 5A."),
    )
    school_year = models.CharField(
        _("school year"),
        max_length=9,
        default=current_school_year,
        validators=[validate_school_year],
        help_text=_("For example 2026-2027."),
    )
    external_id = models.CharField(
        _("external id"),
        max_length=50,
        blank=True,
        help_text=_(
            "The pupil's number in the school administration system, if you know it."
        ),
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    is_active = models.BooleanField(
        _("still at school"),
        default=True,
        help_text=_("Untick this when the pupil has left the school."),
    )
    # The day the pupil was marked as left, from which the retention period
    # counts. save() and the class-list import set and clear it.
    left_on = models.DateField(_("left on"), null=True, blank=True, editable=False)
    # First and last name folded by lib.text.fold, kept for accent-blind search.
    search_name = models.CharField(max_length=201, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PupilQuerySet.as_manager()

    class Meta:
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")
        ordering = ["class_name", "last_name", "first_name"]
        indexes = [models.Index(fields=["school", "class_name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "external_id"],
                condition=~models.Q(external_id=""),
                name="pupil_unique_external_id_per_school",
                violation_error_message=_(
                    "Another pupil of this school already has this external id."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(first_name__length__gt=0),
                name="pupil_first_name_not_empty",
            ),
            # A pupil who left has the day they left, so that no pupil escapes
            # the retention period.
            models.CheckConstraint(
                condition=models.Q(is_active=True, left_on__isnull=True)
                | models.Q(is_active=False, left_on__isnull=False),
                name="pupil_left_on_when_left",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = fold(f"{self.first_name} {self.last_name}")
        if self.is_active:
            self.left_on = None
        elif self.left_on is None:
            self.left_on = timezone.localdate()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            derived = set()
            if {"first_name", "last_name"} & set(update_fields):
                derived.add("search_name")
            if "is_active" in update_fields:
                derived.add("left_on")
            kwargs["update_fields"] = {*update_fields, *derived}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pupils:detail", args=[self.uuid])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"
