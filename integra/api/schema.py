"""OpenAPI schema additions: every operation documents the refusals it can answer, in the one error shape."""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every refusal of the API (docs/api.md, Errors).",
    "required": ["code", "message", "field", "row", "errors"],
    "properties": {
        "code": {"type": "string", "description": "A stable machine-readable code, e.g. `invalid`, `stale`."},
        "message": {
            "type": "object", "required": ["pl", "en"],
            "properties": {"pl": {"type": "string"}, "en": {"type": "string"}},
        },
        "field": {"type": "string", "nullable": True, "description": "The body field or query parameter at fault."},
        "row": {"type": "integer", "nullable": True, "description": "1-based item of a list in the body, or a sheet row."},
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ErrorEntry"}},
    },
}
ENTRY_SCHEMA = {
    "type": "object",
    "required": ["code", "message", "field", "row"],
    "properties": {k: v for k, v in ERROR_SCHEMA["properties"].items() if k != "errors"},
}
REFUSALS = {
    "400": "Bad input: malformed JSON, wrong types, unknown fields, a rule of the service refused it.",
    "401": "No token, or a token that is invalid, revoked or expired.",
    "403": "The caller's role may not do this.",
    "404": "No such record in the caller's centre.",
    "409": "The record changed since it was read (version), or it conflicts with an existing one.",
    "413": "The request body is too large.",
    "415": "The body is not JSON (or, for uploads, not multipart).",
    "429": "Too many requests from this token; see Retry-After.",
}
READ_ONLY = ("400", "401", "403", "404", "413", "429")


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    schemas["ErrorEntry"] = ENTRY_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            codes = READ_ONLY if method == "get" else tuple(REFUSALS)
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(code, {
                    "description": REFUSALS[code],
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                })
    return result
