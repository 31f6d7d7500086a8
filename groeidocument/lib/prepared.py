"""Querysets whose SQL is built once per process and then run with new ids.

Django builds the SQL of a queryset anew on every evaluation. For the plain
SELECTs that the busiest pages run on every request, building the SQL and
going through the queryset's result iterator measured about 0.3 ms per
query, longer than the database took to run it. These pages read the same tables
on every request with only an id changing, so PreparedQuery builds the SQL
once and fills in the ids.
"""

import itertools
import uuid
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import (
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)

# Stand-ins for the ids while the SQL is built: integers far below any
# primary key and UUIDs of a fixed, unused prefix, each one distinct, so
# that it is found again among the SQL's parameters.
_numbers = itertools.count(1)


def _stand_in(value):
    number = next(_numbers)
    if type(value) is int:
        return -(2**62) - number
    if isinstance(value, uuid.UUID):
        return uuid.UUID(int=(0x5EED << 112) + number)
    raise TypeError(f"an id must be an int or a UUID, not {value!r}")


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    # (position among the parameters, name of the id, its type, and whether
    # the database takes it as 32 hexadecimal digits, as SQLite takes UUIDs).
    slots: list
    # (position in the row, converter functions, column) for each column
    # whose database value Django converts, such as dates on SQLite.
    converters: list
    make_row: object


class PreparedQuery:
    """A queryset filtered by ids (integers or UUIDs), whose SQL is kept.

    build(**ids) returns the queryset: model instances, with select_related(),
    only() and annotations if needed, or a plain values_list(). Calling the
    query with the same keywords returns the list of instances or tuples that
    the queryset would. The shape of the queryset must not depend on the ids.
    """

    def __init__(self, build):
        self.build = build
        self._compiled = {}

    def __call__(self, *, using=DEFAULT_DB_ALIAS, **ids) -> list:
        compiled = self._compiled.get(using) or self._compile(using, ids)
        params = list(compiled.params)
        for position, name, kind, as_hex in compiled.slots:
            value = ids[name]
            if not isinstance(value, kind):
                raise TypeError(f"{name} must be a {kind.__name__}, not {value!r}")
            params[position] = value.hex if as_hex else value
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        converters = compiled.converters
        make_row = compiled.make_row
        results = []
        for row in rows:
            if converters:
                row = list(row)
                for position, functions, column in converters:
                    value = row[position]
                    for function in functions:
                        value = function(value, column, connection)
                    row[position] = value
            results.append(make_row(row))
        return results

    def _compile(self, using, ids) -> _Compiled:
        stand_ins = {name: _stand_in(value) for name, value in ids.items()}
        queryset = self.build(**stand_ins)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if queryset._iterable_class is ValuesListIterable:
            make_row = tuple
        elif (
            queryset._iterable_class is ModelIterable
            and not queryset._fetch_mode.track_peers
        ):
            make_row = self._model_maker(queryset, compiler, using)
        else:
            raise ValueError("a PreparedQuery reads model instances or a values_list()")

        slots = []
        for position, param in enumerate(params):
            for name, stand_in in stand_ins.items():
                kind = type(stand_in)
                if type(param) is kind and param == stand_in:
                    slots.append((position, name, kind, False))
                elif kind is uuid.UUID and param == stand_in.hex:
                    slots.append((position, name, kind, True))
        if {slot[1] for slot in slots} != set(stand_ins):
            raise ValueError("every id must be a parameter of the query's SQL")
        # The converters come from the connection of the thread that compiled
        # the query. They read only settings, such as the time zone, which
        # are the same for every connection to the database.
        columns = [column for column, _sql, _alias in compiler.select]
        converters = [
            (position, functions, column)
            for position, (functions, column) in compiler.get_converters(
                columns
            ).items()
        ]
        compiled = _Compiled(sql, tuple(params), slots, converters, make_row)
        self._compiled[using] = compiled
        return compiled

    @staticmethod
    def _model_maker(queryset, compiler, using):
        """Return a function that builds an instance from a row, as Django does."""
        klass_info = compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        attnames = [
            column.target.attname for column, _sql, _alias in compiler.select[start:end]
        ]
        model = queryset.model
        fetch_mode = queryset._fetch_mode
        populators = get_related_populators(
            klass_info, compiler.select, using, fetch_mode
        )
        annotations = list(compiler.annotation_col_map.items())

        def make_row(row):
            instance = model.from_db(
                using, attnames, row[start:end], fetch_mode=fetch_mode
            )
            for populator in populators:
                populator.populate(row, instance)
            for name, position in annotations:
                setattr(instance, name, row[position])
            return instance

        return make_row
