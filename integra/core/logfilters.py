"""Logging filter that keeps personal data out of application logs.

Django logs the requested path on every 4xx/5xx ("Not Found: /people/85031400021/") and runserver
logs the request line with its query string. A path or query may carry whatever a user typed
(a PESEL, a surname), so both are cut to their first segment; 11-digit runs (PESEL-shaped) are
masked in every message as a second line of defence.
"""

from __future__ import annotations

import logging
import re

PESEL_SHAPED = re.compile(r"(?<!\d)\d{11}(?!\d)")


def redact_path(path: str) -> str:
    """`/people/85031400021/?q=x` → `/people/…`."""
    path = path.split("?", 1)[0]
    first = path.strip("/").split("/", 1)[0]
    rest = path.strip("/").count("/") or ("?" in path)
    return f"/{first}/…" if rest or first else "/"


def _redact_request_line(line: str) -> str:
    parts = line.split(" ")
    if len(parts) == 3:
        return f"{parts[0]} {redact_path(parts[1])} {parts[2]}"
    return PESEL_SHAPED.sub("***********", line)


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if record.name == "django.request" and isinstance(args, tuple) and len(args) >= 2 and isinstance(args[1], str):
            record.args = (args[0], redact_path(args[1]), *args[2:])
        elif record.name == "django.server" and isinstance(args, tuple) and args and isinstance(args[0], str):
            record.args = (_redact_request_line(args[0]), *args[1:])
        if isinstance(record.msg, str) and PESEL_SHAPED.search(record.msg):
            record.msg = PESEL_SHAPED.sub("***********", record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(PESEL_SHAPED.sub("***********", a) if isinstance(a, str) else a for a in record.args)
        return True
