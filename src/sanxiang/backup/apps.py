from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class BackupConfig(AppConfig):
    name = "sanxiang.backup"
    label = "backup"
    verbose_name = _("Backup and restore")

    def ready(self):
        from sanxiang.backup import data_at_rest

        connection_created.connect(data_at_rest.close_database_files,
                                   dispatch_uid="sanxiang-private-database-files")
