"""`integra create-centre`: the documented spelling of `create_centre`."""

from integra.institutions.management.commands.create_centre import Command

__all__ = ["Command"]
