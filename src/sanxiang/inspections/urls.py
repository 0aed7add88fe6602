"""Workbench pages of random inspections, mounted at /workbench/inspections/."""

from django.urls import path

from sanxiang.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.home, name="home"),
    path("directory/", views.directory, name="directory"),
    path("directory/import/", views.import_targets, name="import"),
    path("inspectors/", views.inspectors, name="inspectors"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("tasks/new/", views.task_new, name="task_new"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/publish/", views.publish_lists, name="publish_lists"),
    path("draws/<int:pk>/seed/", views.enter_seed, name="enter_seed"),
    path("draws/<int:pk>/redraw/", views.redraw, name="redraw"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("results/<int:pk>/case/", views.open_case, name="open_case"),
    path("results/<int:pk>/publish/", views.publish_result, name="publish_result"),
    path("supervision/", views.supervision, name="supervision"),
]
