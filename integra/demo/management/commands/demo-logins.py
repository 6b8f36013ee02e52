"""`integra demo-logins`: the documented spelling of `demo_logins`."""

from integra.demo.management.commands.demo_logins import Command

__all__ = ["Command"]
