"""An import between upload and confirmation, kept in the user's session.

The parsed table stays on the server, so the confirmation imports exactly the
rows of the uploaded file: the browser sends back only the token of the
import and the importer's choices, never row data. One import per session is
kept; a new upload replaces it.
"""

import uuid
from dataclasses import asdict, dataclass

from groeidocument.imports.reader import SourceRow, Table

SESSION_KEY = "pupil_import"
# The token of the last import that was written, so that a second click on
# "Importeren" finds a message instead of a missing page.
DONE_SESSION_KEY = "pupil_import_done"


@dataclass
class PendingImport:
    token: str
    school_id: int
    file_name: str
    headers: list[str]
    rows: list[list]
    roles: list[str]
    school_year: str
    mark_missing_as_left: bool
    # True once the importer checked the column roles, or when the guess from
    # the headers needed no check.
    roles_checked: bool

    @classmethod
    def start(cls, school, file_name, table: Table, roles, school_year, mark_left):
        return cls(
            token=str(uuid.uuid4()),
            school_id=school.pk,
            file_name=file_name,
            headers=table.headers,
            rows=[[row.number, row.cells] for row in table.rows],
            roles=roles,
            school_year=school_year,
            mark_missing_as_left=mark_left,
            roles_checked=False,
        )

    @property
    def table(self) -> Table:
        return Table(
            headers=self.headers,
            rows=[SourceRow(number=number, cells=cells) for number, cells in self.rows],
        )

    def save(self, session) -> None:
        session[SESSION_KEY] = asdict(self)


def load_pending(session, token, school) -> PendingImport | None:
    """Return the session's pending import with this token in this school."""
    data = session.get(SESSION_KEY)
    if not data or data.get("token") != str(token):
        return None
    pending = PendingImport(**data)
    # A user with several schools may have switched school since the upload.
    if pending.school_id != school.pk:
        return None
    return pending


def finish_pending(session, token) -> None:
    session.pop(SESSION_KEY, None)
    session[DONE_SESSION_KEY] = str(token)


def discard_pending(session) -> None:
    session.pop(SESSION_KEY, None)


def was_finished(session, token) -> bool:
    return session.get(DONE_SESSION_KEY) == str(token)
