from django.urls import path

from sanxiang.portal import display, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/<str:credit_code>/", views.body_detail, name="body_detail"),
    path("officers/", views.officer_search, name="officer_search"),
    # R-PUB-03: the stable address printed as a QR code on documents. Never change it.
    path("officers/<str:number>/", views.officer_page, name="officer_page"),
    path("display/text-size/", display.text_size, name="text_size"),
]
