"""Public decision pages; the portal mounts them at /decisions/."""

from django.urls import path

from sanxiang.disclosure import public_views

app_name = "decisions"
urlpatterns = [
    path("", public_views.decision_search, name="search"),
    path("results.csv", public_views.decision_search_csv, name="search_csv"),
    path("withdrawn/", public_views.withdrawn_list, name="withdrawn"),
    # The decision's address is printed and shared: keep it stable.
    path("<int:pk>/", public_views.decision_page, name="decision"),
    path("<int:pk>/text.txt", public_views.decision_text, name="text"),
    path("<int:pk>/proof.json", public_views.decision_proof, name="proof"),
]
