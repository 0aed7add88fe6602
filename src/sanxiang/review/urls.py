from django.urls import path

from sanxiang.review import views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("statistics/", views.statistics, name="statistics"),
    path("cases/<int:case_pk>/submit/", views.submit, name="submit"),
    path("cases/<int:case_pk>/discussion/", views.discussion, name="discussion"),
    path("<int:pk>/", views.submission_detail, name="submission"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/answer/", views.answer, name="answer"),
]
