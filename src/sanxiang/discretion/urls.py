from django.urls import path

from sanxiang.discretion import views

app_name = "discretion"
urlpatterns = [
    path("cases/<int:pk>/factors/", views.record_factors, name="record_factors"),
    path("spread/", views.spread_page, name="spread"),
    path("spread.xlsx", views.spread_export, name="spread_export"),
    path("spread/cases/", views.group_cases, name="group_cases"),
]
