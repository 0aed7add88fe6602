"""Staff publication reports; the project mounts these at /workbench/publication/."""

from django.urls import path

from sanxiang.disclosure import report_views

app_name = "disclosure_reports"

urlpatterns = [
    path("", report_views.board, name="board"),
    path("export/", report_views.export_page, name="export"),
    path("export/<str:kind>.<str:fmt>", report_views.export_download, name="export_download"),
    path("export/<str:kind>.<str:fmt>/background/", report_views.export_start,
         name="export_start"),
    path("statistics/", report_views.statistics_index, name="statistics"),
    path("statistics/<int:pk>/", report_views.statistics_body, name="statistics_body"),
    path("statistics/<int:pk>/<int:year>.pdf", report_views.statistics_pdf,
         name="statistics_pdf"),
]
