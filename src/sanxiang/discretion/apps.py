from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscretionConfig(AppConfig):
    name = "sanxiang.discretion"
    verbose_name = _("Discretion")
    default_auto_field = "django.db.models.BigAutoField"
