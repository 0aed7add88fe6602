from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistConfig(AppConfig):
    name = "sanxiang.assist"
    verbose_name = _("Intelligent assistance")
