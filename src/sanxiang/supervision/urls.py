from django.urls import path

from sanxiang.supervision import evaluation_views, exports, views

app_name = "supervision"
urlpatterns = [
    path("", views.dashboard_page, name="dashboard"),
    path("trends.svg", views.trend_chart, name="trend_chart"),
    path("cases/", views.case_list, name="cases"),
    path("cases/<int:case_pk>/outcome/", views.record_outcome, name="record_outcome"),
    path("outcomes/", views.outcome_list, name="outcomes"),
    path("documents/", views.document_list, name="documents"),
    path("documents/new/", views.document_new, name="document_new"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/pdf/", views.document_pdf, name="document_pdf"),
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint"),
    path("complaints/<int:pk>/decide/", views.decide, name="decide"),
    path("complaints/<int:pk>/extend/", views.extend, name="extend"),
    path("complaints/<int:pk>/answer/", views.answer, name="answer"),
    path("complaints/<int:pk>/case/", views.complaint_case, name="complaint_case"),
    path("export/<slug:kind>.xlsx", exports.export, name="export"),
    path("evaluations/", evaluation_views.round_list, name="rounds"),
    path("evaluations/new/", evaluation_views.round_new, name="round_new"),
    path("evaluations/results/", evaluation_views.result_list, name="evaluation_results"),
    path("evaluations/<int:pk>/", evaluation_views.round_detail, name="round"),
    path("evaluations/<int:pk>/publish/", evaluation_views.round_publish,
         name="round_publish"),
    path("evaluations/<int:pk>/seed/", evaluation_views.round_seed, name="round_seed"),
    path("evaluations/<int:pk>/draw.json", evaluation_views.round_draw_json,
         name="round_draw"),
    path("evaluations/<int:pk>/close/", evaluation_views.round_close, name="round_close"),
    path("evaluations/<int:pk>/report.pdf", evaluation_views.round_report,
         name="round_report"),
    path("evaluations/files/<int:pk>/", evaluation_views.evaluation_page,
         name="evaluation"),
]
