"""The request bodies the API reads: JSON no deeper than a body of the API can be, and multipart uploads.

Python's JSON decoder recurses once per level: a body of 100,000 nested brackets raised RecursionError (an
HTML 500), and a few hundred levels that it could still read would recurse again in the serializers. No
body of the API nests deeper than a few levels (a household's members, a session's marks), so anything past
`MAX_DEPTH` is refused as `too_deep` before any serializer sees it.
"""

from __future__ import annotations

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


class TooDeep(ParseError):
    default_code = "too_deep"


def depth(data: Any) -> int:
    """How deep lists and objects nest in `data` (a scalar is 0), without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


class JsonParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise TooDeep(code="too_deep") from exc
        if depth(data) > MAX_DEPTH:
            raise TooDeep(code="too_deep")
        return data
