from django.urls import path

from sanxiang.supervision import views

app_name = "supervision"
urlpatterns = [
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint"),
    path("complaints/<int:pk>/decide/", views.decide, name="decide"),
    path("complaints/<int:pk>/extend/", views.extend, name="extend"),
    path("complaints/<int:pk>/answer/", views.answer, name="answer"),
]
