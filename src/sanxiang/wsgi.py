import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.settings")
application = get_wsgi_application()


def _warm_and_freeze() -> None:
    """Import every view and load the translations now, then freeze what was loaded.

    Django imports the URLconf (and with it every view, the API's schemas …) on a worker's
    first request: that request waited ≈ 2 s. What the import leaves, ≈ 145 000 objects
    that live as long as the process, was then walked by each full garbage collection:
    a 190 ms pause of every thread of the worker, a few times a minute under load — the
    slowest requests of a busy server (docs/adr/0038-portal-cache-hit-cost.md).
    ``gc.freeze()`` moves them out of the collector's reach; what requests create is
    collected as before.
    """
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 — imports the views now, not on a request
    with translation.override(settings.LANGUAGE_CODE):
        pass  # activating the language loads its catalogues
    gc.collect()
    gc.freeze()


_warm_and_freeze()
