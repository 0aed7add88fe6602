from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "sanxiang.disclosure"
    verbose_name = _("Publication of enforcement decisions")

    def ready(self):
        # Registers the "decision" search source.
        from sanxiang.disclosure import search_index  # noqa: F401
