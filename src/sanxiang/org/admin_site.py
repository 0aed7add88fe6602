"""The admin site behind the same doors as the workbench: password, then second factor.

Its own login page is replaced by the platform's (``workbench/login.py``), which asks for
the TOTP code; and ``has_permission`` also wants a session that has passed the second factor
when the account needs one, so the admin never relies on a middleware alone.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class SanxiangAdminSite(AdminSite):
    def has_permission(self, request):
        # Imported here (and below): this module is read while the apps load, before models.
        from sanxiang.org import second_factor

        return super().has_permission(request) and second_factor.satisfied(request)

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every model admin, the libraries' too, logs its record pages (R-REC-06) and
        # filters its list only as its filters offer (R-SUP-02): ADR 0082.
        from django.contrib.admin import ModelAdmin

        from sanxiang.org.admin_lookups import ListedLookupsOnly
        from sanxiang.org.admin_reads import ReadsLogged

        base = admin_class or ModelAdmin
        mixins = tuple(m for m in (ReadsLogged, ListedLookupsOnly) if not issubclass(base, m))
        if mixins:
            admin_class = type(base.__name__, (*mixins, base), {"__module__": base.__module__})
        return super().register(model_or_iterable, admin_class, **options)

    def login(self, request, extra_context=None):
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.GET.get("next") or "/admin/")


class AdminConfig(DjangoAdminConfig):
    default_site = "sanxiang.org.admin_site.SanxiangAdminSite"
