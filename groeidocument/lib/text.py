"""Text helpers that know nothing about requests or models."""

import unicodedata


def fold(text: str) -> str:
    """Return text lower-cased and without accents, for matching names.

    "Zoë", "ZOË" and "zoe" all fold to "zoe". Python does the folding rather than
    the database, because SQLite's LIKE and lower() only know ASCII.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_marks.casefold().split())
