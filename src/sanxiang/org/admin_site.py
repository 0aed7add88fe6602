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

    def login(self, request, extra_context=None):
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.GET.get("next") or "/admin/")


class AdminConfig(DjangoAdminConfig):
    default_site = "sanxiang.org.admin_site.SanxiangAdminSite"
