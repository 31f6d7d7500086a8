"""Querysets whose SQL is built once per process and then run with new ids.

Django builds the SQL of a queryset anew on every evaluation. For the plain
SELECTs that the busiest pages run on every request, building the SQL and
going through the queryset's result iterator took about 0.3 ms per query,
more than the database took to answer it. These pages read the same tables
on every request with only an id changing, so PreparedQuery builds the SQL
once and fills in the ids.
"""

import itertools
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import ModelIterable, ValuesListIterable

# Stand-ins for the ids while the SQL is built: far below any primary key,
# and distinct, so each is found again among the SQL's parameters.
_STAND_INS = itertools.count(-(2**62), -1)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    # (position among the parameters, name of the id) for each id.
    slots: list
    # (position in the row, converter functions, column) for each column
    # whose database value Django converts, such as dates on SQLite.
    converters: list
    make_row: object


class PreparedQuery:
    """A queryset filtered by integer ids, whose SQL is kept.

    build(**ids) returns the queryset: either all columns of one model,
    without select_related or annotations, or a plain values_list(). Calling
    the query with the same keywords returns the list of model instances or
    of tuples that the queryset would.
    """

    def __init__(self, build):
        self.build = build
        self._compiled = {}

    def __call__(self, *, using=DEFAULT_DB_ALIAS, **ids) -> list:
        compiled = self._compiled.get(using) or self._compile(using, ids.keys())
        params = list(compiled.params)
        for position, name in compiled.slots:
            value = ids[name]
            if type(value) is not int:
                raise TypeError(f"{name} must be an int, not {value!r}")
            params[position] = value
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

    def _compile(self, using, names) -> _Compiled:
        stand_ins = {name: next(_STAND_INS) for name in names}
        queryset = self.build(**stand_ins)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        columns = [column for column, _sql, _alias in compiler.select]
        klass_info = compiler.klass_info
        if queryset._iterable_class is ValuesListIterable:
            make_row = tuple
        elif (
            queryset._iterable_class is not ModelIterable
            or klass_info.get("related_klass_infos")
            or compiler.annotation_col_map
        ):
            raise ValueError(
                "a PreparedQuery reads the columns of one model or a values_list()"
            )
        else:
            model = queryset.model
            attnames = [column.target.attname for column in columns]
            # With the queryset's fetch mode, as Django's own iterator does.
            fetch_mode = queryset._fetch_mode

            def make_row(row):
                return model.from_db(using, attnames, row, fetch_mode=fetch_mode)

        names_of = {value: name for name, value in stand_ins.items()}
        slots = [
            (position, names_of[param])
            for position, param in enumerate(params)
            if type(param) is int and param in names_of
        ]
        if {name for _position, name in slots} != set(stand_ins):
            raise ValueError("every id must be a parameter of the query's SQL")
        # The converters come from the connection of the thread that compiled
        # the query. They read only settings, such as the time zone, which
        # are the same for every connection to the database.
        converters = [
            (position, functions, column)
            for position, (functions, column) in compiler.get_converters(
                columns
            ).items()
        ]
        compiled = _Compiled(sql, tuple(params), slots, converters, make_row)
        self._compiled[using] = compiled
        return compiled
