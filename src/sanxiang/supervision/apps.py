from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "sanxiang.supervision"
    verbose_name = _("Enforcement supervision")

    def ready(self):
        from sanxiang.cases import hooks
        from sanxiang.supervision import tallies

        # R-SUP-01: the dashboard's case figures follow every case action (ADR 0028).
        hooks.register(hooks.CASE_CHANGED, tallies.on_case_changed)
