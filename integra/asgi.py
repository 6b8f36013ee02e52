import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integra.settings")
application = get_asgi_application()
# As integra/wsgi.py: every view imported at the start, and what the start loaded frozen out of the collector's walks.
import_module(settings.ROOT_URLCONF)
gc.freeze()
