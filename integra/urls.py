from django.contrib import admin
from django.urls import include, path

from integra.core.health import health

urlpatterns = [
    path("health/", health, name="health"),
    # The start page ("Na dziś", `today:start`) gathers the work of every app, which accounts may not import: its
    # screens name it by its URL name only.
    path("", include("integra.today.urls")),
    path("", include("integra.accounts.urls")),
    # The service worker and the web app manifest live at the root (the worker's scope is the whole site).
    path("", include("integra.support.offline_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("centre/", include("integra.institutions.urls")),
    path("people/", include("integra.people.urls")),
    path("projects/", include("integra.projects.urls")),
    path("recruitment/", include("integra.recruitment.urls")),
    path("casework/", include("integra.casework.urls")),
    path("support/", include("integra.support.urls")),
    path("outcomes/", include("integra.outcomes.urls")),
    path("finance/", include("integra.finance.urls")),
    path("reports/", include("integra.reports.urls")),
    path("planning/", include("integra.planning.urls")),
    path("privacy/", include("integra.privacy.urls")),
    path("outreach/", include("integra.outreach.urls")),
    path("jobs/", include("integra.jobs.urls")),
    path("api/", include("integra.api.urls")),
    path("admin/", admin.site.urls),
]
