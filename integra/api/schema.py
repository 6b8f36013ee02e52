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
            "type": "object",
            "required": ["pl", "en"],
            "properties": {"pl": {"type": "string"}, "en": {"type": "string"}},
        },
        "field": {"type": "string", "nullable": True, "description": "The body field or query parameter at fault."},
        "row": {
            "type": "integer",
            "nullable": True,
            "description": "1-based item of a list in the body, or a sheet row.",
        },
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
                responses.setdefault(
                    code,
                    {
                        "description": REFUSALS[code],
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return result


def refuse_unknown_fields(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Every request body, and every object nested in one, says `additionalProperties: false`: the server
    refuses a field it does not know (400 `unknown_field`, integra.api.serializers.common.StrictSerializer)."""
    schemas = result.get("components", {}).get("schemas", {})
    stack = [
        content["schema"]["$ref"]
        for item in result.get("paths", {}).values()
        for operation in item.values()
        if isinstance(operation, dict)
        for content in operation.get("requestBody", {}).get("content", {}).values()
        if "$ref" in content.get("schema", {})
    ]
    seen: set[str] = set()
    while stack:
        name = stack.pop().rsplit("/", 1)[-1]
        component = schemas.get(name)
        if name in seen or not component or component.get("type") != "object":
            continue
        seen.add(name)
        component["additionalProperties"] = False
        for prop in component.get("properties", {}).values():
            for candidate in (prop, prop.get("items", {}), *prop.get("allOf", [])):
                if "$ref" in candidate:
                    stack.append(candidate["$ref"])
    return result


# Links a client (or schemathesis's stateful phase) follows from one operation's answer to the next; the
# detail operations of a created row are linked generically, these by hand (operationId: stable names).
EXTRA_LINKS = {
    ("imports_participant_sheet_create", "202"): {
        "GetJob": {
            "operationId": "jobs_retrieve",
            "parameters": {"id": "$response.body#/id"},
            "description": "Poll the import's job until it is done.",
        },
    },
    ("jobs_retrieve", "200"): {
        "GetSheetImport": {
            "operationId": "imports_participant_sheet_retrieve",
            "parameters": {"id": "$response.body#/sheet_import"},
            "description": "The row-by-row report of a done import job (`sheet_import` is null before).",
        },
    },
}
LOCATION_HEADERS = {
    ("imports_participant_sheet_create", "202"): "The job to poll (the same address as `url` in the body).",
}
DETAIL_METHODS = ("get", "patch", "put")


def _link_name(operation_id: str) -> str:
    """`participants_retrieve` → `ParticipantsRetrieve`."""
    return "".join(part.capitalize() for part in operation_id.split("_"))


def _has_id(response: dict[str, Any], schemas: dict[str, Any]) -> bool:
    """The answer is one object with an `id` (not a list of them)."""
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        schema = schemas.get(ref.rsplit("/", 1)[-1], {})
    return schema.get("type") == "object" and "id" in schema.get("properties", {})


def add_links(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """OpenAPI 3 `links`: from the 201 of each create to the created row's detail operations (its `id`),
    from the import's 202 to its job and from a job to its import report."""
    paths = result.get("paths", {})
    schemas = result.get("components", {}).get("schemas", {})
    by_id = {op.get("operationId"): op for item in paths.values() for op in item.values() if isinstance(op, dict)}
    for path, item in paths.items():
        create = item.get("post")
        detail = paths.get(f"{path}{{id}}/")
        if not create or not detail or not _has_id(create.get("responses", {}).get("201", {}), schemas):
            continue
        links = create["responses"]["201"].setdefault("links", {})
        for method in DETAIL_METHODS:
            target = detail.get(method)
            if target and target.get("operationId"):
                links[_link_name(target["operationId"])] = {
                    "operationId": target["operationId"],
                    "parameters": {"id": "$response.body#/id"},
                }
    for (operation_id, code), links in EXTRA_LINKS.items():
        response = by_id.get(operation_id, {}).get("responses", {}).get(code)
        if response is not None:
            response.setdefault("links", {}).update(
                {name: link for name, link in links.items() if link["operationId"] in by_id}
            )
    for (operation_id, code), description in LOCATION_HEADERS.items():
        response = by_id.get(operation_id, {}).get("responses", {}).get(code)
        if response is not None:
            response.setdefault("headers", {})["Location"] = {
                "description": description,
                "required": True,
                "schema": {"type": "string", "format": "uri"},
            }
    return result
