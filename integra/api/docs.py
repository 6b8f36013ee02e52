"""The schema and its documentation page, served by Integra itself (no page loads anything from outside).

Swagger UI comes from drf-spectacular-sidecar's static files; its start-up script is a separate request
(SpectacularSwaggerSplitView) and the page has no inline style, so the content security policy holds.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from integra.api.authentication import BearerTokenAuthentication, StaffSessionAuthentication
from integra.api.errors import body, entry


class SchemaView(SpectacularAPIView):
    authentication_classes = [BearerTokenAuthentication, StaffSessionAuthentication]
    permission_classes: list = []


class DocsView(SpectacularSwaggerSplitView):
    authentication_classes = [BearerTokenAuthentication, StaffSessionAuthentication]
    permission_classes: list = []
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"


@csrf_exempt  # it writes nothing; a POST with a session cookie must get the JSON 404, not the HTML CSRF page
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """An address under /api/v1/ that names no operation (or an id that is not a number)."""
    with translation.override("en"):
        return JsonResponse(body([entry("not_found")]), status=404)
