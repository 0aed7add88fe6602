from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _grace_days_changed(sender, instance, created, raw=False, **kwargs):
    """A new grace-days row of the rulebook changes the stored validity of the certificates
    it covers (a row is never edited: every change is a new row). Same transaction."""
    from sanxiang.org import validity
    from sanxiang.org.models import Officer

    if raw or instance.key != validity.GRACE_KEY:
        return
    officers = Officer.objects.all()
    if instance.body_id is not None:
        officers = officers.filter(body_id=instance.body_id)
    validity.refresh(officers.values_list("pk", flat=True))


class OrgConfig(AppConfig):
    name = "sanxiang.org"
    label = "org"
    verbose_name = _("Bodies and officers")

    def ready(self):
        post_save.connect(_grace_days_changed, sender="core.RulebookEntry",
                          dispatch_uid="org_validity_grace_days")
