"""Fixed reads compiled once per process (issue 26, point 5).

Some reads run on every request with other ids only: the signed-in user's memberships, the person on their
page. Django builds and compiles each queryset anew — for the memberships' query that is about 3,500 Python
calls, several times the cost of running the SELECT itself. `CompiledQuery` builds the queryset once per
database connection with marker ids in place of the real ones, keeps its SQL, and on each call runs that SQL
with the real ids, turning the rows into model instances as Django's ModelIterable does: the database's
converters applied, `select_related` objects and annotations set.

    memberships = CompiledQuery(
        lambda user: Membership.objects.filter(user_id=user, is_active=True).select_related("institution")
    )
    memberships(user=request.user.pk)  # a list of Membership, each with its institution loaded

    person = CompiledQuery(lambda centre, pk: Participant.objects.filter(institution_id=centre, pk=pk))
    person.get_for(request.membership, pk=pk)  # as ScopedQuerySet.get_for: the row of the acting centre, or 404

Only whole ids (ints) can be arguments, and each argument must reach the SQL as a parameter of its own
(a filter by it); the builder may use nothing else that changes between calls (the date, the language).
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators
from django.http import Http404

# Stand-ins for the ids while the SQL is built (that query never runs): a parameter equal to one of them is an
# argument. Within every integer column's range (Django refuses an id out of it as matching nothing), and unlike
# any constant a fixed query filters by.
_MARKER = 1_987_654_321


@dataclass(frozen=True)
class _Plan:
    sql: str
    slots: tuple[tuple[str | None, Any], ...]  # per parameter: the argument's name and type, or None and the constant
    model: type[Model]
    init_list: tuple[str, ...]
    model_columns: slice
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]
    populators: tuple[Any, ...]
    annotations: tuple[tuple[str, int], ...]
    col_count: int


class CompiledQuery:
    """A queryset of fixed shape (`build(**ids)`), compiled once per database connection; call it with the ids."""

    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self.build = build
        self.names = tuple(inspect.signature(build).parameters)
        self._plans: weakref.WeakKeyDictionary[Any, _Plan] = weakref.WeakKeyDictionary()

    def __call__(self, **ids: int) -> list[Any]:
        if set(ids) != set(self.names) or any(type(value) is not int for value in ids.values()):
            raise TypeError(f"expected the whole ids {self.names}, got {ids!r}")
        model = self._model()
        connection = connections[router.db_for_read(model)]
        plan = self._plans.get(connection) or self._compile(connection)
        params = [kind(ids[name]) if name else kind for name, kind in plan.slots]
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        objects = []
        for fetched in rows:
            row = list(fetched[: plan.col_count])
            for position, functions, expression in plan.converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            obj = plan.model.from_db(connection.alias, plan.init_list, row[plan.model_columns])
            for populator in plan.populators:
                populator.populate(row, obj)
            for name, position in plan.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects

    def get_for(self, membership: Any, **ids: int) -> Any:
        """The one row of the acting membership's centre (the builder's `centre`), or 404: another centre's rows do
        not exist for us (ScopedQuerySet.get_for)."""
        if membership is None:
            raise Http404
        rows = self(centre=membership.institution_id, **ids)
        if len(rows) != 1:
            raise Http404
        return rows[0]

    def _model(self) -> type[Model]:
        model = getattr(self, "_model_class", None)
        if model is None:
            model = self._model_class = self.build(**self._markers()).model
        return model

    def _markers(self) -> dict[str, int]:
        return {name: _MARKER - index for index, name in enumerate(self.names)}

    def _compile(self, connection: Any) -> _Plan:
        markers = self._markers()
        queryset = self.build(**markers)
        if queryset._iterable_class is not ModelIterable or queryset._prefetch_related_lookups:
            raise ImproperlyConfigured("CompiledQuery reads model instances only, without prefetch_related")
        if queryset._known_related_objects:
            raise ImproperlyConfigured("CompiledQuery cannot read a related manager's queryset")
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        by_marker = {value: name for name, value in markers.items()}
        # An argument keeps the type the backend gave its marker (psycopg's Int8 for a big integer column).
        slots = tuple(
            (by_marker[value], type(value))
            if isinstance(value, int) and not isinstance(value, bool) and value in by_marker
            else (None, value)
            for value in params
        )
        if sorted(name for name, _ in slots if name) != sorted(self.names):
            raise ImproperlyConfigured(f"each of {self.names} must reach the SQL once, as a parameter: {sql}")
        klass_info, select = compiler.klass_info, compiler.select
        fields = [column[0] for column in select[: compiler.col_count]]
        select_fields = klass_info["select_fields"]
        plan = _Plan(
            sql=sql,
            slots=slots,
            model=klass_info["model"],
            init_list=tuple(column[0].target.attname for column in select[select_fields[0] : select_fields[-1] + 1]),
            model_columns=slice(select_fields[0], select_fields[-1] + 1),
            converters=tuple(
                (position, tuple(functions), expression)
                for position, (functions, expression) in compiler.get_converters(fields).items()
            ),
            populators=tuple(get_related_populators(klass_info, select, connection.alias)),
            annotations=tuple(compiler.annotation_col_map.items()),
            col_count=compiler.col_count,
        )
        self._plans[connection] = plan
        return plan
