from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "sanxiang.review"
    verbose_name = _("Legal review of major decisions")
