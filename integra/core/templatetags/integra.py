"""Formatting the way Polish users expect: `385 365,31 zł`, `12.12.2011`."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from integra.core import phone
from integra.core.drawn import Drawn
from integra.core.returnto import return_path

register = template.Library()


def format_money(value) -> str:
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    return f"{_decimal_text(amount, 2)} zł"


def _decimal_text(number: Decimal, places: int) -> str:
    """`number` with `places` decimals, a comma and its thousands apart: „1 234,56”, „-13 700,0”, „89”."""
    sign = "-" if number < 0 else ""
    whole, _, frac = f"{abs(number):.{places}f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{' '.join(groups)}" + (f",{frac}" if frac else "")


def local(value: dt.datetime) -> dt.datetime:
    """A moment as the centre's clock showed it (Europe/Warsaw, TIME_ZONE): the database keeps UTC, and a moment
    formatted without this is an hour (two in summer) behind, and a day behind just after midnight."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_date(value) -> str:
    """`12.12.2011`; a moment `12.12.2011 14:05` on the centre's clock."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        return local(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def format_percent(value, places: int = 2) -> str:
    """`89,50 %`; a share above 999 % has its thousands apart as an amount does: `1 234,50 %`."""
    if value is None:
        return ""
    return f"{_decimal_text(Decimal(value), places)} %"


def format_cell(value) -> str:
    """A figure in a table in Polish form: „89,50”, „1 234,56”, „12 345”, „31.12.2011”; never „89.0”."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "tak" if value else "nie"
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, float | Decimal):
        number = Decimal(str(value))
        if number == number.to_integral_value():
            return _grouped(int(number))
        return format_money(number).removesuffix(" zł")
    if isinstance(value, int):
        return _grouped(value)
    return str(value)


def _grouped(number: int) -> str:
    """Thousands apart from five digits on („12 345”, „1234”), as Polish typesetting does."""
    text = str(abs(number))
    if len(text) >= 5:
        text = format_money(abs(number)).removesuffix(",00 zł")
    return f"-{text}" if number < 0 else text


register.filter("cell", format_cell)


register.filter("money", format_money)
register.filter("percent", format_percent)
register.filter("pldate", format_date)
register.filter("phone", phone.display)


@register.filter
def nowrap(value) -> str:
    """`{{ project.code|nowrap }}`, `{{ x|percent|nowrap }}`: an amount, percentage or code that never breaks
    across lines („PRJ-18” after its hyphen, „1 234,56 zł” at a space). Escaped like any value; usable inside
    {% blocktranslate %} (its result is safe HTML). Not for <title> or attributes."""
    if value is None or value == "":
        return ""
    return format_html('<span class="nowrap">{}</span>', value)


# „1 234,56 zł”, „12 345”, „89,50 %”, „PRJ-18”, „FERS.07.01-IP.05-0001/24” inside running text.
_UNBREAKABLE = re.compile(
    r"(?<![\d,])-?\d{1,3}(?: \d{3})+(?:,\d+)?(?: zł)?(?!\d)|-?\d+(?:,\d+)? (?:zł|%)|\b[A-Z][A-Z0-9]*(?:[-./][A-Z0-9]+)+"
)


@register.filter
def keep_together(value) -> str:
    """Text from code (a work-list line, a report figure) with each amount, percentage and code in it kept on one
    line, the rest free to wrap: „P0001-1 · wykorzystano 93,40 %”."""
    if value is None:
        return ""
    text = str(conditional_escape(value))
    return mark_safe(_UNBREAKABLE.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', text))  # noqa: S308 (escaped above)


@register.filter
def all_errors(form) -> list[str]:
    """Every message a form was refused with, for `components/error_summary.html` on a form whose fields do
    not show their own: what stopped the whole form first, then „Field: message” for each field."""
    if not form or not form.errors:
        return []
    messages = [str(e) for e in form.non_field_errors()]
    for field in form:
        messages += [f"{field.label}: {e}" for e in field.errors]
    return messages


@register.filter
def has_field_errors(form) -> bool:
    """Whether a bound form refused one of its fields (not only the whole form): the error summary then says that
    nothing was saved and that the marked fields need correcting (`components/error_summary.html`, `form=`)."""
    return bool(form) and any(name != NON_FIELD_ERRORS for name in form.errors)


# A select is as wide as one column of `.grid-fields` (14rem at least: about 20 characters at 1024 px, two columns
# about 45): a longer choice is cut off in the closed box („A – dla osoby l…”). Such a field takes two columns, or
# the row.
WIDE_CHOICE, FULL_ROW_CHOICE = 19, 44
_OPTION_TEXT = re.compile(r"<option\b[^>]*>([^<]*)</option>")


@register.filter
def choice_width(widget_html) -> str:
    """Returns "wide" or "row" for a select (its markup, as drawn) with a choice longer than a column shows, else "".

    Measured on the drawn markup, so a model's choices are not read a second time."""
    longest = max((len(html.unescape(text)) for text in _OPTION_TEXT.findall(str(widget_html))), default=0)
    if longest > FULL_ROW_CHOICE:
        return "row"
    return "wide" if longest > WIDE_CHOICE else ""


class Column(str):
    """A column heading of `components/table.html`; `num` marks a column of figures (right-aligned)."""

    num: bool = False


@register.simple_tag
def columns(*headings, num: str = "") -> list[Column]:
    """The headings of a table, in order: `{% columns _("code") _("participants") num="1" as headers %}`;
    `num` lists the positions (from 0, comma-separated) of the columns of figures."""
    figures = {int(n) for n in num.split(",") if n.strip()}
    made = []
    for position, text in enumerate(headings):
        column = Column(text)
        column.num = position in figures
        made.append(column)
    return made


@register.simple_tag
def links(*url_then_label) -> list[tuple[str, str]]:
    """(url, label) pairs for `components/tabs.html`: `{% links budget _("Budget") claim _("Claim") as tabs %}`;
    a pair whose url is empty (left unset under an `{% if %}` the reader does not pass) is left out."""
    pairs = zip(url_then_label[::2], url_then_label[1::2], strict=True)
    return [(url, label) for url, label in pairs if url]


@register.simple_tag(takes_context=True)
def language_next(context) -> str:
    """Where the language switch returns to (integra.core.returnto): this page, or the page a POST came from."""
    request = context.get("request")
    return return_path(request) if request is not None else "/"


@register.simple_tag
def field_groups(form) -> str:
    """`{% field_groups form %}`: each field as `<div>{{ field.as_field_group }}</div>`, a blank DrawnOnce form
    from its markup drawn before (integra.core.forms.field_groups)."""
    from integra.core.forms import field_groups as draw

    return draw(form)


_ONCE = Drawn(5000)
_once_numbers = itertools.count()


class OnceNode(template.Node):
    def __init__(self, nodelist: template.NodeList, vary: list[template.base.FilterExpression]) -> None:
        self.nodelist = nodelist
        self.vary = vary
        self.number = next(_once_numbers)  # this fragment of this compiled template, never reused by another

    def render(self, context: template.Context) -> str:
        from django.urls import get_script_prefix, get_urlconf
        from django.utils.translation import get_language

        key = (
            self.number,
            get_language(),
            get_script_prefix(),
            get_urlconf(),
            *(v.resolve(context) for v in self.vary),
        )
        return _ONCE.get(key, lambda: self.nodelist.render(context))


@register.tag
def once(parser: template.base.Parser, token: template.base.Token) -> OnceNode:
    """`{% once membership.pk membership.role %}…{% endonce %}`: the fragment is drawn once per process for each
    language and each value of the variables named, then reused, as the site menu is (access.site_menu). What it
    draws must depend on nothing else: no form token, no page-specific value, no block. The page chrome of
    every screen (head, header, footer) was 2 ms of CPU of each request (bench/load.py)."""
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(nodelist, [parser.compile_filter(bit) for bit in token.split_contents()[1:]])
