from django.urls import path

from sanxiang.catalog import feeds, pdf_views, views

app_name = "catalog"
urlpatterns = [
    path("", views.index, name="index"),
    path("feed.atom", feeds.ListChangesFeed(), name="feed"),
    path("manage/", views.manage, name="manage"),
    path("manage/<int:body_pk>/<str:kind>/import/", views.manage_import, name="import"),
    path("body/<str:credit_code>/", views.body_catalogues, name="body"),
    path("body/<str:credit_code>/feed.atom", feeds.ListChangesFeed(), name="body_feed"),
    path("<str:kind>/", views.kind_list, name="kind"),
    path("<str:kind>/<str:credit_code>/", views.catalogue_detail, name="catalogue"),
    path("<str:kind>/<str:credit_code>/history/", views.history, name="history"),
    path("<str:kind>/<str:credit_code>/versions/<int:number>/", views.version_detail,
         name="version"),
    path("<str:kind>/<str:credit_code>/entries/<int:pk>/", views.entry_detail, name="entry"),
    path("<str:kind>/<str:credit_code>/list.pdf", pdf_views.catalogue_pdf, name="pdf"),
    path("<str:kind>/<str:credit_code>/export.<str:extension>", views.export, name="export"),
]
