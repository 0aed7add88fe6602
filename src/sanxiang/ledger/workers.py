"""Start-up of the worker processes that verify the ledger in parallel.

Kept apart from ``ledger_verify`` because a spawned worker imports this module before
Django is set up, and so it must not import any model.
"""

import os


def setup(database: dict) -> None:
    """Set Django up in a fresh process, on the parent's database (a test one included)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.settings")
    from django.conf import settings

    settings.DATABASES["default"] = database
    import django

    django.setup()
