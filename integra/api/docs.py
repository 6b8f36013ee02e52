"""The schema and its documentation page, served by Integra itself (no page loads anything from outside).

Swagger UI comes from drf-spectacular-sidecar's static files; its start-up script is a separate request
(SpectacularSwaggerSplitView) and the page has no inline style, so the content security policy holds.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from integra.api.authentication import BearerTokenAuthentication, StaffSessionAuthentication


class SchemaView(SpectacularAPIView):
    authentication_classes = [BearerTokenAuthentication, StaffSessionAuthentication]
    permission_classes: list = []


class DocsView(SpectacularSwaggerSplitView):
    authentication_classes = [BearerTokenAuthentication, StaffSessionAuthentication]
    permission_classes: list = []
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
