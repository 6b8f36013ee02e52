"""The Python half of the screen toolkit every app's views use (the template half: templates/components/).

- `paginate(request, rows)`: one page of a list, `settings.INTEGRA_PAGE_SIZE` rows on every list screen;
  `deferred=True` finds the page's ids first (`DeferredJoinPaginator`) for lists of a whole centre; `count=`
  when a narrower query than the list's own knows how many rows it has.
- `add_service_errors(form, exc)`: a service's `ValidationError` onto the form that sent it: messages
  naming a field of the form go to that field, the rest to the top of the form (the error summary).
- `form_page(...)`: a screen that is one form: valid → the service acts → a confirmation → redirect;
  refused → the form again with the service's reasons on it (`components/form_page.html`).

Services refuse an object of another centre with `integra.core.models.ensure_same_centre`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from integra.core.pagination import DeferredJoinPaginator

FORM_PAGE = "components/form_page.html"


def page_size() -> int:
    return settings.INTEGRA_PAGE_SIZE


def paginate(request: HttpRequest, rows: Any, *, deferred: bool = False, count: int | None = None) -> Page:
    """The page `?page=` asks for (the last one when it is past the end, the first when it is not a number).

    `count`: how many rows there are, when a cheaper query than counting `rows` knows it."""
    paginator = (DeferredJoinPaginator if deferred else Paginator)(rows, page_size())
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property: this is its value
    return paginator.get_page(request.GET.get("page"))


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: field messages on their fields, the rest on top.

    The top always gets an (possibly empty) list so that `components/error_summary.html` is the one
    place the form says it was refused."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
    form.errors.setdefault(NON_FIELD_ERRORS, form.error_class())


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    title: Any,
    back: Any,
    act: Callable[[dict[str, Any]], Any],
    done: Iterable[Any] | Callable[[Any], Iterable[Any]],
    saved: Any,
    *,
    template: str = FORM_PAGE,
    context: dict[str, Any] | None = None,
    refused_status: int = 200,
) -> HttpResponse:
    """One form on a screen under `title` (and `back`, the line under it, usually the record the form is for):
    on a valid POST `act(cleaned_data)`, confirm `saved` and redirect to `done` (arguments of `redirect`, or a function of what `act`
    returned that gives them: a new record's page);
    a refusal (the form's or the service's) lands on the form, answered with `refused_status`; nothing is saved."""
    if request.method == "POST" and form.is_valid():
        try:
            result = act(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, saved)
            return redirect(*(done(result) if callable(done) else done))
    status = refused_status if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, "title": title, "back": back, **(context or {})}, status=status)
