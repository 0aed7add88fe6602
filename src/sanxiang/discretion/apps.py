from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscretionConfig(AppConfig):
    name = "sanxiang.discretion"
    verbose_name = _("Discretion")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sanxiang.cases import hooks
        from sanxiang.discretion import benchmarks, gate, statement

        # R-AST-02: every path that records a step meets the 裁量基准 gate.
        hooks.register(hooks.BEFORE_STEP_COMPLETED, gate.before_step_completed)
        # R-AST-01: the range the recorded factors suggest, beside the fine in the step form.
        hooks.register(hooks.FINE_ADVICE, benchmarks.suggestion_for_form)
        # R-AST-03: the decision's 裁量说明, its facts frozen when the document is issued.
        hooks.register(hooks.DOCUMENT_CONTENT, statement.document_content)
        hooks.register(hooks.DOCUMENT_ELEMENTS, statement.document_elements)
