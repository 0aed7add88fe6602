from django.urls import path

from sanxiang.cases import views

app_name = "flowcharts"
urlpatterns = [
    path("", views.flowchart_index, name="index"),
    path("<slug:code>.svg", views.flowchart_svg, name="svg"),
    path("<slug:code>/", views.flowchart_page, name="page"),
]
