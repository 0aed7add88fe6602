from django.urls import path

from sanxiang.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.index, name="index"),
    path("manage/", views.manage, name="manage"),
    path("manage/<int:body_pk>/<str:kind>/import/", views.manage_import, name="import"),
    path("body/<str:credit_code>/", views.body_catalogues, name="body"),
    path("<str:kind>/", views.kind_list, name="kind"),
    path("<str:kind>/<str:credit_code>/", views.catalogue_detail, name="catalogue"),
    path("<str:kind>/<str:credit_code>/history/", views.history, name="history"),
    path("<str:kind>/<str:credit_code>/versions/<int:number>/", views.version_detail,
         name="version"),
    path("<str:kind>/<str:credit_code>/entries/<int:pk>/", views.entry_detail, name="entry"),
    path("<str:kind>/<str:credit_code>/export.<str:extension>", views.export, name="export"),
]
