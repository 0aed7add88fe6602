from django.urls import path

from sanxiang.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.dashboard_page, name="dashboard"),
    path("cases/", views.case_list, name="cases"),
    path("cases/<int:case_pk>/outcome/", views.record_outcome, name="record_outcome"),
    path("outcomes/", views.outcome_list, name="outcomes"),
    path("documents/", views.document_list, name="documents"),
    path("documents/new/", views.document_new, name="document_new"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint"),
    path("complaints/<int:pk>/decide/", views.decide, name="decide"),
    path("complaints/<int:pk>/extend/", views.extend, name="extend"),
    path("complaints/<int:pk>/answer/", views.answer, name="answer"),
]
