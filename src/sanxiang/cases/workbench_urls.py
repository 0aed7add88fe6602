from django.urls import path

from sanxiang.cases import workbench_views as views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("export.xlsx", views.case_list_export, name="export_list"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/step/", views.complete_step, name="step"),
    path("<int:pk>/documents/", views.issue_document, name="issue_document"),
    path("<int:pk>/recusals/", views.recusal_apply, name="recusal_apply"),
    path("<int:pk>/periods/", views.period_start, name="period_start"),
    path("<int:pk>/discussion-request/", views.discussion_request, name="discussion_request"),
    path("<int:pk>/recording-exceptions/", views.exception_request, name="exception_request"),
    path("recording-exceptions/<int:pk>/decide/", views.exception_decide,
         name="exception_decide"),
    path("<int:pk>/export/", views.export_case_file, name="export"),
    path("<int:pk>/extensions/", views.extension_approve, name="extension_approve"),
    path("recusals/<int:pk>/decide/", views.recusal_decide, name="recusal_decide"),
    path("periods/<int:pk>/end/", views.period_end, name="period_end"),
    path("documents/<int:pk>.<slug:fmt>", views.document_file, name="document_file"),
]
