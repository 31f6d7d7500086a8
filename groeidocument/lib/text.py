"""Text helpers that know nothing about requests or models."""

import unicodedata

# Letters that Unicode does not split into a base letter and a mark, written
# the way someone without them on the keyboard types them.
PLAIN_LETTERS = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe"}
)


def fold(text: str) -> str:
    """Return text lower-cased and without accents, for matching names.

    "Zoë", "ZOË" and "zoe" all fold to "zoe", and "Yılmaz" to "yilmaz". Python
    does the folding rather than the database, because SQLite's LIKE and
    lower() only know ASCII.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_marks.casefold().translate(PLAIN_LETTERS).split())
