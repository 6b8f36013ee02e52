"""Template access to the finance predicates (the menu shows what the role may open)."""

from django import template

from integra.core.permissions import can_manage_finance, can_view_finance

register = template.Library()
register.filter("can_view_finance", can_view_finance)
register.filter("can_manage_finance", can_manage_finance)
