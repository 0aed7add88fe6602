from django.urls import path

from sanxiang.portal import (
    checkpoint_views,
    display,
    opendata_views,
    pdf_views,
    search_views,
    views,
)

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    # C2SP signed note of the newest checkpoint (tlog-checkpoint): a stable address.
    path("ledger/checkpoint", checkpoint_views.checkpoint_note, name="checkpoint_note"),
    path("ledger/checkpoints/", checkpoint_views.checkpoint_list, name="checkpoints"),
    path("ledger/checkpoints.json", checkpoint_views.checkpoint_list_json,
         name="checkpoints_json"),
    path("ledger/keys/<str:key_hex>.pub", checkpoint_views.public_key, name="checkpoint_key"),
    path("ledger/checkpoints.atom", checkpoint_views.checkpoint_feed, name="checkpoints_atom"),
    path("ledger/tile/<path:path>", checkpoint_views.tile, name="ledger_tile"),
    path("ledger/consistency.json", checkpoint_views.consistency_json,
         name="checkpoint_consistency"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/<str:credit_code>/", views.body_detail, name="body_detail"),
    # PDF for printing and filing; before the open-data routes, whose fmt would match "pdf".
    path("bodies.pdf", pdf_views.body_list_pdf, name="body_list_pdf"),
    path("bodies/<str:credit_code>/officers.pdf", pdf_views.body_officers_pdf,
         name="body_officers_pdf"),
    # Open data (CSV / Excel): fmt is "csv" or "xlsx".
    path("bodies.<slug:fmt>", opendata_views.bodies, name="bodies_download"),
    path("bodies/<str:credit_code>/officers.<slug:fmt>", opendata_views.body_officers,
         name="body_officers_download"),
    path("officers/", views.officer_search, name="officer_search"),
    # R-PUB-03: the stable address printed as a QR code on documents. Never change it.
    path("officers/<str:number>/", views.officer_page, name="officer_page"),
    path("search/", search_views.search_page, name="search"),
    path("display/text-size/", display.text_size, name="text_size"),
]
