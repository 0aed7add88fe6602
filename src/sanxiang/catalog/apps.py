from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "sanxiang.catalog"
    label = "catalog"
    verbose_name = _("Enforcement catalogues")

    def ready(self):
        # Registers the "item" and "guide" search sources.
        from sanxiang.catalog import search_index  # noqa: F401
