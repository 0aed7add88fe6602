"""Every record page of the admin is a read in the access log (R-REC-06).

The workbench and the API log each page that shows a record (``core.access.log_access``);
the admin showed the same records — a case's recorded facts, a step's data, a review's
findings, the complainant to the handling office, an officer's identity card number, an
inspection's results — and wrote nothing (probe 7, ADR 0082). The admin site mixes this
into every model admin it registers (``admin_site.SanxiangAdminSite.register``), so a
model added later is logged without anyone remembering to.
"""

from django.contrib.admin.utils import unquote

from sanxiang.core.access import log_access


class ReadsLogged:
    """A model admin whose change (or, read-only, view) page logs the row it shows."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # Only a page that showed the row: not a save (a ledger event of its own action),
        # not a refusal or a redirect for a row outside the user's scope.
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                log_access(request.user, obj)
        return response
