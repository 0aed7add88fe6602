from django.urls import path

from sanxiang.records import views

app_name = "records"
urlpatterns = [
    path("cases/<int:case_pk>/", views.case_evidence, name="case_evidence"),
    path("cases/<int:case_pk>/upload/", views.upload_page, name="upload_page"),
    path("cases/<int:case_pk>/upload/discard/", views.upload_discard, name="upload_discard"),
    path("cases/<int:case_pk>/supplement/", views.supplement, name="supplement"),
    path("uploads/", views.upload_start, name="upload_start"),
    path("uploads/<uuid:upload_id>/", views.upload_status, name="upload_status"),
    path("uploads/<uuid:upload_id>/chunks/<int:index>/", views.upload_chunk,
         name="upload_chunk"),
    path("uploads/<uuid:upload_id>/finish/", views.upload_finish, name="upload_finish"),
    path("evidence/<int:pk>/", views.evidence_detail, name="evidence_detail"),
    path("evidence/<int:pk>/reason/", views.evidence_reason, name="evidence_reason"),
    path("evidence/<int:pk>/media/", views.evidence_media, name="evidence_media"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/copy-requests/", views.copy_request, name="copy_request"),
    path("evidence/<int:pk>/copy/", views.copy_original, name="copy_original"),
    path("copy-requests/<int:pk>/decide/", views.copy_decide, name="copy_decide"),
    path("custody/", views.custody_log, name="custody_log"),
]
