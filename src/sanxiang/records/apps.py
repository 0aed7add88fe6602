from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "sanxiang.records"
    verbose_name = _("Evidence and audio-video records")
