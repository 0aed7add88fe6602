"""The public's complaint pages (R-SUP-02): file without an account, then follow progress
with the tracking number and query code. The complainant's own identity is never shown
back, even to the holder of the code."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sanxiang.core import throttle
from sanxiang.core.errors import RuleViolation
from sanxiang.supervision import actions
from sanxiang.supervision.forms import ComplaintForm, TrackForm


@require_http_methods(["GET", "POST"])
def file_complaint(request):
    form = ComplaintForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST" and not throttle.allow(
            request, "complaint", limit=settings.SANXIANG_COMPLAINTS_PER_HOUR):
        form.add_error(None, _too_many())
        return render(request, "supervision/public/file.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint, code = actions.file_complaint(
                body=data["body"], kind=data["kind"], conduct=data["conduct"],
                anonymous=data["anonymous"], name=data["name"], phone=data["phone"],
                address=data["address"], attachments=data["attachments"])
        except RuleViolation as refused:
            error = refused
        else:
            # The code is shown once, now; only its hash is kept.
            return render(request, "supervision/public/filed.html",
                          {"complaint": complaint, "code": code})
    return render(request, "supervision/public/file.html", {"form": form, "error": error})


@require_http_methods(["GET", "POST"])
def track(request):
    form = TrackForm(request.POST or None)
    complaint, not_found = None, False
    if request.method == "POST" and not throttle.allow(
            request, "complaint-lookup", limit=settings.SANXIANG_COMPLAINT_LOOKUPS_PER_HOUR):
        form.add_error(None, _too_many())
        return render(request, "supervision/public/track.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        complaint = actions.find_complaint(form.cleaned_data["number"],
                                           form.cleaned_data["code"])
        not_found = complaint is None
    return render(request, "supervision/public/track.html", {
        "form": form, "complaint": complaint, "not_found": not_found,
        "overdue": complaint is not None and actions.is_overdue(complaint)})


def _too_many() -> str:
    return _("Too many requests from your network in the last hour; please try again "
             "later, or call the supervision office.")
