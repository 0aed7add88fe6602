from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "sanxiang.supervision"
    verbose_name = _("Enforcement supervision")
