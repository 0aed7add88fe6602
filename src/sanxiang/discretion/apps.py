from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscretionConfig(AppConfig):
    name = "sanxiang.discretion"
    verbose_name = _("Discretion")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sanxiang.cases import hooks
        from sanxiang.discretion import gate

        # R-AST-02: every path that records a step meets the 裁量基准 gate.
        hooks.register(hooks.BEFORE_STEP_COMPLETED, gate.before_step_completed)
