"""Public pages of random inspections; the portal mounts them at /inspections/."""

from django.urls import path

from sanxiang.inspections import public_views

app_name = "inspection_portal"
urlpatterns = [
    path("", public_views.index, name="index"),
    path("tasks/<int:pk>/", public_views.task_page, name="task"),
    # Printed and shared: keep these addresses stable.
    path("draws/<int:pk>/", public_views.draw_page, name="draw"),
    path("results/", public_views.results, name="results"),
    path("scan/<str:code>/", public_views.scan_page, name="scan"),
    path("report/", public_views.report_page, name="report"),
]
