"""Shared value formatting for screens, PDFs and spreadsheets."""

from integra.core.templatetags.integra import format_date, format_money, format_percent, local

__all__ = ["format_date", "format_money", "format_percent", "local"]
