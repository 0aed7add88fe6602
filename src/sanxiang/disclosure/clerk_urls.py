"""The clerk's publication pages; the project mounts them at /workbench/disclosure/."""

from django.urls import path

from sanxiang.disclosure import clerk_views as views

app_name = "disclosure"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/redactions/", views.change_redactions, name="redactions"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/early-removal/", views.early_removal, name="early_removal"),
]
