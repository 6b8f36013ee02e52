"""Template helpers of the registry screens."""

from __future__ import annotations

from django import template
from django.template.loader import get_template

from integra.people.timeline import TimelineSection

register = template.Library()


@register.simple_tag(takes_context=True)
def render_section(context, section: TimelineSection) -> str:
    """Render one timeline section with its own context layered over the page's."""
    with context.push(**section.context):
        return get_template(section.template).template.render(context)
