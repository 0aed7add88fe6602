from django.urls import path

from sanxiang.workbench import views

app_name = "workbench"
urlpatterns = [
    path("", views.home, name="home"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("officers/", views.officer_list, name="officer_list"),
    path("officers/<int:pk>/", views.officer_detail, name="officer_detail"),
    path("reviewer-ratio/", views.reviewer_ratio, name="reviewer_ratio"),
    path("import/", views.import_page, name="import"),
    path("import/templates/<str:kind>.xlsx", views.import_template, name="import_template"),
]
