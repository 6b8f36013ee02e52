"""Finance screens are tested with the finance menu only, so another app's unfinished menu cannot break them."""

import copy

import pytest


@pytest.fixture(autouse=True)
def _finance_nav(settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    options = templates[0]["OPTIONS"]
    templates[0]["APP_DIRS"] = False
    options["loaders"] = [
        ("django.template.loaders.locmem.Loader", {"_nav.html": '{% include "finance/_nav.html" %}'}),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    settings.TEMPLATES = templates
    yield

