"""Pagination of long ordered lists without reading every row before the page.

`Paginator` slices the queryset (`ORDER BY … LIMIT 25 OFFSET 5000`), and PostgreSQL then fetches
5,025 whole rows to keep 25, or sorts the whole centre. `DeferredJoinPaginator` finds the page's
ids first — a narrow query that an index in the list's order answers with an index-only scan —
and loads the full rows (with select_related/prefetch_related) for those ids only, in the same one
query: `WHERE id IN (SELECT id … ORDER BY … LIMIT 25 OFFSET 5000) ORDER BY …`. Measured by
bench/list_search.py (the participant list of a centre of 10,000).
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


class DeferredJoinPaginator(Paginator):
    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        queryset = self.object_list
        if not isinstance(queryset, QuerySet) or not queryset.ordered:
            return super().page(number)
        ids = queryset.prefetch_related(None).values("pk")[bottom:top]
        return self._get_page(queryset.filter(pk__in=ids), number, self)
