from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sanxiang.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from sanxiang.core import admin_icons, public_cache
        from sanxiang.ledger import touch

        # The admin's boolean icons are read as 是/否/未知, not "True"/"False"/"None".
        admin_icons.install()

        # Writes to the public areas retire the cached pages that show them.
        public_cache.connect_signals()

        # Rows written by this session are noted, so its ledger events bind only them.
        connection_created.connect(touch.on_connection_created,
                                   dispatch_uid="sanxiang.ledger.touch")
        post_migrate.connect(touch.on_post_migrate, sender=self,
                             dispatch_uid="sanxiang.ledger.touch")
