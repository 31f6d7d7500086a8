"""Querysets whose SQL is built once per process and then run with new ids.

Django builds the SQL of a queryset anew on every evaluation. For the plain
SELECTs that the growth document's pages run on every request, building the
SQL and going through the queryset's result iterator took about 0.3 ms per
query, more than the database took to answer it. These pages read the same
tables on every request with only an id changing, so PreparedQuery builds the
SQL once and fills in the ids on each run.
"""

import itertools

from django.db import DEFAULT_DB_ALIAS, connections

# Stand-ins for the ids while the SQL is built: far below any primary key,
# and distinct, so each is found again among the SQL's parameters.
_STAND_INS = itertools.count(-(2**62), -1)


class PreparedQuery:
    """A queryset of one model, filtered by integer ids, whose SQL is kept.

    build(**ids) returns the queryset: all columns of one model, without
    select_related, values() or annotations. Calling the query with the same
    keywords returns the list of model instances that the queryset would.
    """

    def __init__(self, build):
        self.build = build
        self._compiled = {}

    def __call__(self, *, using=DEFAULT_DB_ALIAS, **ids) -> list:
        compiled = self._compiled.get(using) or self._compile(using, ids.keys())
        sql, params, slots, attnames, converters, from_db = compiled
        params = list(params)
        for position, name in slots:
            value = ids[name]
            if type(value) is not int:
                raise TypeError(f"{name} must be an int, not {value!r}")
            params[position] = value
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        instances = []
        for row in rows:
            if converters:
                row = list(row)
                for position, functions, expression in converters:
                    value = row[position]
                    for function in functions:
                        value = function(value, expression, connection)
                    row[position] = value
            instances.append(from_db(using, attnames, row))
        return instances

    def _compile(self, using, names):
        stand_ins = {name: next(_STAND_INS) for name in names}
        queryset = self.build(**stand_ins)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        klass_info = compiler.klass_info
        if (
            klass_info is None
            or klass_info.get("related_klass_infos")
            or compiler.annotation_col_map
            or klass_info["model"] is not queryset.model
        ):
            raise ValueError("a PreparedQuery reads the columns of one model only")
        names_of = {value: name for name, value in stand_ins.items()}
        slots = [
            (position, names_of[param])
            for position, param in enumerate(params)
            if type(param) is int and param in names_of
        ]
        if {name for _position, name in slots} != set(stand_ins):
            raise ValueError("every id must be a parameter of the query's SQL")
        columns = [column for column, _sql, _alias in compiler.select]
        # The converters come from the connection of the thread that compiled
        # the query. They read only settings, such as the time zone, which
        # are the same for every connection to the database.
        converters = [
            (position, functions, expression)
            for position, (functions, expression) in compiler.get_converters(
                columns
            ).items()
        ]
        model = queryset.model
        compiled = (
            sql,
            tuple(params),
            slots,
            [column.target.attname for column in columns],
            converters,
            # The queryset's fetch mode, as Django's own iterator passes it.
            lambda db, attnames, row: model.from_db(
                db, attnames, row, fetch_mode=queryset._fetch_mode
            ),
        )
        self._compiled[using] = compiled
        return compiled
