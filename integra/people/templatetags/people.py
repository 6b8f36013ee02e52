"""Template helpers of the registry screens."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext, pgettext

from integra.core.rows import url_maker

register = template.Library()


@register.filter
def address_for(person, contact: bool) -> list[str]:
    """The full address for roles that see contact details, the place of residence for the others."""
    return person.address_lines if contact else person.residence_lines


@register.simple_tag
def participant_headers(record: bool, sensitive: bool) -> list[str]:
    """The column headings of the participant list: the record's columns, or only what tells people apart."""
    if not record:
        return [pgettext("person", "Name"), gettext("to tell people apart")]
    headers = [pgettext("person", "Name"), gettext("PESEL"), gettext("date of birth"), gettext("town")]
    headers.append(gettext("labour-market status"))
    if sensitive:
        headers += [gettext("eligibility groups"), gettext("disability")]
    return headers


@register.simple_tag
def participant_rows(page, record: bool, sensitive: bool, subject_pages: bool) -> str:
    """The rows of the participant list, built in Python: a page of 25 rows of 6 cells through the template
    engine cost about 0.4 ms of CPU per row (variable lookups, {% url %}, *_display, gettext per cell;
    bench/RESULTS.md). The markup is the one _participant_rows.html wrote cell by cell; components/table.html
    draws them (and its empty state when there are none)."""
    from django.utils.html import escape, format_html
    from django.utils.safestring import mark_safe

    from integra.core.templatetags.integra import format_date

    rows = []
    if record:
        detail = url_maker("people:participant-detail")
        no_pesel = format_html('<span class="badge">{}</span>', gettext("no PESEL"))
        for person in page:
            cells = [
                # An id of its own: when a search re-renders the rows under a keyboard user's focus (a debounced
                # keystroke landing after Enter), htmx gives the focus back to the link of the same id.
                format_html(
                    '<td><a href="{}" id="person-{}">{} {}</a></td>',
                    detail(person.pk),
                    person.pk,
                    person.last_name,
                    person.first_name,
                ),
                f"<td>{escape(person.pesel) if person.pesel else no_pesel}</td>",
                f"<td>{escape(format_date(person.birth_date))}</td>",
                f"<td>{escape(person.locality)}</td>",
                f"<td>{escape(person.get_labour_status_display())}</td>",
            ]
            if sensitive:
                badges = "".join(
                    format_html('<span class="badge">{}</span> ', g.get_group_display()) for g in person.groups.all()
                )
                cells.append(f"<td>{badges}</td>")
                cells.append(f"<td>{escape(person.get_disability_display())}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
    else:
        subject = url_maker("privacy:subject") if subject_pages else None
        for person in page:
            name = format_html("{} {}", person.last_name, person.first_name)
            if subject:
                name = format_html('<a href="{}">{}</a>', subject(person.pk), name)
            rows.append(f"<tr><td>{name}</td><td>{escape(person.distinguishing_detail)}</td></tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above is escaped
