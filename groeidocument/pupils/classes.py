"""The class groups of a school, as the pupils' class names per school year."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groeidocument.pupils.models import Pupil

CLASS_NAME_MAX_LENGTH = Pupil._meta.get_field("class_name").max_length


@dataclass(frozen=True)
class ClassGroup:
    school_year: str
    class_name: str
    pupils: int
    pupils_at_school: int


def class_groups(school) -> list[ClassGroup]:
    """List the school's classes, newest school year first, with pupil counts."""
    rows = (
        Pupil.objects.filter(school=school)
        .values("school_year", "class_name")
        .annotate(
            pupils=Count("id"), pupils_at_school=Count("id", filter=Q(is_active=True))
        )
        .order_by("-school_year", "class_name")
    )
    return [ClassGroup(**row) for row in rows]


def normalise_class_name(value: str) -> str:
    """Return the class name as the pupil form stores it: trimmed, upper case."""
    return value.strip().upper()


def rename_class(school, school_year: str, old_name: str, new_name: str) -> int:
    """Move every pupil of class old_name in school_year to new_name.

    Returns the number of pupils moved. Raises ValidationError, and changes
    nothing, when the class does not exist or the new name is empty, too long
    or already taken by another class of that school year.
    """
    new_name = normalise_class_name(new_name)
    if not new_name:
        raise ValidationError(_("Fill in the new name of the class, for example 5A."))
    if len(new_name) > CLASS_NAME_MAX_LENGTH:
        raise ValidationError(
            _("A class name has at most %(max)d characters.")
            % {"max": CLASS_NAME_MAX_LENGTH}
        )

    with transaction.atomic():
        pupils = Pupil.objects.filter(school=school, school_year=school_year)
        members = pupils.filter(class_name=old_name)
        # Lock the class's pupils, so an import cannot add one halfway.
        if not list(members.select_for_update().values_list("id", flat=True)):
            raise ValidationError(_("This class has no pupils any more."))
        if new_name != old_name and pupils.filter(class_name=new_name).exists():
            raise ValidationError(
                _(
                    "Class %(class_name)s already exists in school year "
                    "%(school_year)s. Choose another name."
                )
                % {"class_name": new_name, "school_year": school_year}
            )
        return members.update(class_name=new_name, updated_at=timezone.now())
