"""Attendance without a connection (issue 27): served from the site root, so that the worker's scope is the site."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog

from integra.support import offline

app_name = "offline"
urlpatterns = [
    path("sw.js", offline.service_worker, name="service-worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("offline/", offline.start, name="start"),
    path("offline/state/", offline.state, name="state"),
    # The texts offline.js shows, from the support app's catalogue (plural forms included).
    path("offline/jsi18n/", JavaScriptCatalog.as_view(packages=["integra.support"]), name="jsi18n"),
]
