from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from sanxiang.api.api import api
from sanxiang.workbench import account
from sanxiang.workbench.login import LoginView


def favicon(request):
    # Resolved per request: in production the file's hashed name is known only once
    # collectstatic has written its manifest, not when this module is imported.
    return HttpResponsePermanentRedirect(static("sanxiang/favicon.svg"))


urlpatterns = [
    path("", include("sanxiang.portal.urls")),
    path("flowcharts/", include("sanxiang.cases.urls")),
    path("statistics/", include("sanxiang.disclosure.stats_public_views")),
    path("decisions/", include("sanxiang.disclosure.public_urls")),
    path("inspections/", include("sanxiang.inspections.public_urls")),
    path("workbench/cases/", include("sanxiang.cases.workbench_urls")),
    path("workbench/records/", include("sanxiang.records.urls")),
    path("workbench/review/", include("sanxiang.review.urls")),
    path("workbench/publication/", include("sanxiang.disclosure.report_urls")),
    path("workbench/disclosure/", include("sanxiang.disclosure.clerk_urls")),
    path("workbench/inspections/", include("sanxiang.inspections.urls")),
    path("complaints/", include("sanxiang.supervision.public_urls")),
    path("workbench/supervision/", include("sanxiang.supervision.urls")),
    path("workbench/assist/", include("sanxiang.assist.urls")),
    path("workbench/discretion/", include("sanxiang.discretion.urls")),
    path("workbench/jobs/", include("sanxiang.jobs.urls")),
    path("workbench/", include("sanxiang.workbench.urls")),
    path("catalogues/", include("sanxiang.catalog.urls")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/second-factor/", account.verify, name="account_verify"),
    path("accounts/second-factor/enrol/", account.enrol, name="account_enrol"),
    path("accounts/password/", account.password, name="account_password"),
    # Django 5 logs out on POST only: the header's logout button is a small form.
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    # Pages without an icon link (the admin's) make the browser ask for /favicon.ico.
    path("favicon.ico", favicon),
    path("api/", api.urls),
]
