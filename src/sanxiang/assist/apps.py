from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistConfig(AppConfig):
    name = "sanxiang.assist"
    verbose_name = _("Intelligent assistance")

    def ready(self):
        from sanxiang.assist import similar
        from sanxiang.cases import hooks

        # R-AST-01: a case's facts and outcome are searchable for similar cases as soon as
        # an action records them.
        hooks.register(hooks.CASE_CHANGED, similar.index_on_change)
