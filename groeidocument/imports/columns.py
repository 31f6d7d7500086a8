"""Column roles of a class list, recognised from Dutch headers.

A mapping is a list of roles, one per column of the table. The role "" means
the column is not imported. Headers are compared after folding (no case, no
accents) and without spaces or punctuation, so "Geb. datum" and "geboortedatum"
both name the birth date.
"""

import re

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from groeidocument.lib.text import fold


class Role(models.TextChoices):
    IGNORE = "", gettext_lazy("Do not import")
    FIRST_NAME = "first_name", gettext_lazy("First name")
    LAST_NAME = "last_name", gettext_lazy("Last name")
    NAME_LAST_FIRST = "name_last_first", gettext_lazy("Full name, last name first")
    NAME_FIRST_LAST = "name_first_last", gettext_lazy("Full name, first name first")
    CLASS_NAME = "class_name", pgettext_lazy("school class group", "Class")
    EXTERNAL_ID = "external_id", gettext_lazy("External id (stamboeknummer)")
    BIRTH_DATE = "birth_date", gettext_lazy("Birth date")


FULL_NAME_ROLES = {Role.NAME_LAST_FIRST, Role.NAME_FIRST_LAST}

# Header synonyms, folded and without spaces or punctuation. Flemish school
# administration systems and hand-made lists use these words.
SYNONYMS = {
    Role.FIRST_NAME: [
        "voornaam",
        "voornamen",
        "roepnaam",
        "voornaamleerling",
        "firstname",
        "givenname",
        "prenom",
    ],
    Role.LAST_NAME: [
        "familienaam",
        "achternaam",
        "familienaamleerling",
        "lastname",
        "surname",
        "familyname",
        "nom",
    ],
    Role.CLASS_NAME: [
        "klas",
        "klasgroep",
        "klascode",
        "klasnaam",
        "klasnummer",
        "groep",
        "leefgroep",
        "class",
        "classe",
    ],
    Role.EXTERNAL_ID: [
        "stamboeknummer",
        "stamboeknr",
        "stamnummer",
        "stamnr",
        "leerlingnummer",
        "leerlingnr",
        "leerlingid",
        "id",
        "externid",
        "externalid",
        "studentid",
    ],
    Role.BIRTH_DATE: [
        "geboortedatum",
        "geboortedag",
        "gebdatum",
        "geboren",
        "geboorte",
        "geboortedatumleerling",
        "birthdate",
        "dateofbirth",
        "dob",
    ],
}
# Headers that name a person without saying which part: a last name beside a
# first-name column, the full name otherwise.
NAME_HEADERS = ["naam", "naamleerling", "leerling", "volledigenaam", "name", "fullname"]
# Headers that begin with one of these words name that role, such as
# "klas 2026-2027" or "geboortedatum (dd/mm/jjjj)".
PREFIXES = {
    "stamboeknummer": Role.EXTERNAL_ID,
    "geboortedatum": Role.BIRTH_DATE,
    "voornaam": Role.FIRST_NAME,
    "familienaam": Role.LAST_NAME,
    "klas": Role.CLASS_NAME,
}

ROLE_BY_HEADER = {
    synonym: role for role, synonyms in SYNONYMS.items() for synonym in synonyms
}


def header_key(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(header))


def _role_of_header(header: str, has_first_name_column: bool) -> Role:
    key = header_key(header)
    if key in ROLE_BY_HEADER:
        return ROLE_BY_HEADER[key]
    if key in NAME_HEADERS:
        return Role.LAST_NAME if has_first_name_column else Role.NAME_LAST_FIRST
    for prefix, role in PREFIXES.items():
        if key.startswith(prefix):
            return role
    return Role.IGNORE


def guess_roles(headers: list[str]) -> tuple[list[str], list[str]]:
    """Guess each column's role from its header.

    Returns the roles and the reasons why the user should check them. Without
    reasons the guess is certain enough to go straight to the preview.
    """
    has_first_name_column = any(
        _role_of_header(header, False) == Role.FIRST_NAME for header in headers
    )

    roles = []
    reasons = []
    for header in headers:
        role = _role_of_header(header, has_first_name_column)
        if role and role in roles:
            reasons.append(
                _("Several columns look like “%(role)s”: choose the right one.")
                % {"role": Role(role).label}
            )
            role = Role.IGNORE
        elif role in FULL_NAME_ROLES:
            reasons.append(
                _(
                    "Column “%(header)s” contains the full name: choose whether the "
                    "last name or the first name comes first."
                )
                % {"header": header}
            )
        roles.append(str(role))

    reasons += check_roles(roles)
    return roles, reasons


def check_roles(roles: list[str]) -> list[str]:
    """Return what is wrong with a mapping; an empty list means it can be used."""
    problems = []
    chosen = [role for role in roles if role]
    for role in sorted(set(chosen)):
        if chosen.count(role) > 1:
            problems.append(
                _("“%(role)s” is chosen for more than one column.")
                % {"role": Role(role).label}
            )

    full_names = [role for role in chosen if role in FULL_NAME_ROLES]
    has_parts = Role.FIRST_NAME in chosen or Role.LAST_NAME in chosen
    if len(full_names) > 1 or (full_names and has_parts):
        problems.append(
            _(
                "Choose either one column with the full name, or a column for the "
                "first name and one for the last name."
            )
        )
    elif not full_names and Role.FIRST_NAME not in chosen:
        problems.append(_("Choose the column with the first name."))
    elif not full_names and Role.LAST_NAME not in chosen:
        problems.append(_("Choose the column with the last name."))

    if Role.CLASS_NAME not in chosen:
        problems.append(_("Choose the column with the class."))
    return problems
