"""School years run from 1 September to 31 August and are written "2026-2027"."""

import datetime
import re

SCHOOL_YEAR_PATTERN = re.compile(r"^(\d{4})-(\d{4})$")


def school_year_of(day: datetime.date) -> str:
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def is_school_year(text: str) -> bool:
    match = SCHOOL_YEAR_PATTERN.match(text)
    return bool(match) and int(match[2]) == int(match[1]) + 1
