from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from sanxiang.workbench.login import LoginView

urlpatterns = [
    path("", include("sanxiang.portal.urls")),
    path("workbench/", include("sanxiang.workbench.urls")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    # Django 5 logs out on POST only: the header's logout button is a small form.
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
