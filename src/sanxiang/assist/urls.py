from django.urls import path

from sanxiang.assist import views

app_name = "assist"
urlpatterns = [
    path("recordings/<int:pk>/transcript/", views.transcript_page, name="transcript"),
    path("recordings/<int:pk>/transcript/progress.json", views.transcript_progress,
         name="transcript_progress"),
    path("recordings/<int:pk>/transcript/request/", views.transcript_request,
         name="transcript_request"),
    path("search/", views.search_page, name="search"),
]
