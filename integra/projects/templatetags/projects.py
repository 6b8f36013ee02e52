"""Template helpers of the project screens."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from integra.core.rows import url_maker
from integra.core.templatetags.integra import format_date

register = template.Library()


@register.simple_tag
def participation_rows(page) -> str:
    """The project page's rows of participants (50 a page), built in Python: the markup the per-cell template
    wrote, without a variable lookup, {% url %} and filter per cell (docs/DEVELOPING.md, "Screens")."""
    detail = url_maker("people:participant-detail")
    return mark_safe(  # noqa: S308 - format_html escapes every value
        "".join(
            format_html(
                '<tr><td><a href="{}">{} {}</a></td><td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td></tr>',
                detail(p.participant_id),
                p.participant.last_name,
                p.participant.first_name,
                format_date(p.start_on),
                format_date(p.end_on),
                p.get_status_display(),
                p.entries,
            )
            for p in page
        )
    )
