"""`integra demo-data`: the documented spelling of `demo_data`."""

from integra.demo.management.commands.demo_data import Command

__all__ = ["Command"]
