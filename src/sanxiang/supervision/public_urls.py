from django.urls import path

from sanxiang.supervision import public_views

app_name = "complaints"
urlpatterns = [
    path("", public_views.file_complaint, name="file"),
    path("track/", public_views.track, name="track"),
]
