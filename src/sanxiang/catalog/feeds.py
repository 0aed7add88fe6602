"""Atom feeds of list changes (open data, issue 3 item 5): one entry per published version.

One query per feed: the newest versions joined to their catalogue and body.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from sanxiang.catalog.models import CatalogueVersion
from sanxiang.org.models import Body

FEED_SIZE = 50


class ListChangesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, credit_code=None):
        if credit_code is None:
            return None
        return get_object_or_404(Body.objects.only("pk", "name", "credit_code"),
                                 credit_code=credit_code)

    def title(self, body):
        if body is None:
            return _("Changes to the published lists")
        return _("Changes to the published lists of %(body)s") % {"body": body.name}

    def link(self, body):
        if body is None:
            return reverse("catalog:index")
        return reverse("catalog:body", args=[body.credit_code])

    def subtitle(self, body):
        return _("Every published version of the enforcement lists, newest first.")

    def items(self, body):
        versions = CatalogueVersion.objects.select_related("catalogue__body")
        if body is not None:
            versions = versions.filter(catalogue__body=body)
        # Newest first by id (ids follow creation), which the primary key index serves.
        return versions.order_by("-pk")[:FEED_SIZE]

    def item_title(self, version):
        catalogue = version.catalogue
        return _("%(body)s %(list)s, version %(number)s") % {
            "body": catalogue.body.name, "list": catalogue.get_kind_display(),
            "number": version.number}

    def item_description(self, version):
        counts = _("%(added)s added, %(changed)s changed, %(removed)s removed; "
                   "%(entries)s entries in all.") % {
            "added": version.added, "changed": version.changed, "removed": version.removed,
            "entries": version.entry_count}
        return f"{version.note} {counts}".strip()

    def item_link(self, version):
        catalogue = version.catalogue
        return reverse("catalog:version",
                       args=[catalogue.kind, catalogue.body.credit_code, version.number])

    def item_guid(self, version):
        return f"urn:sanxiang:catalogue-version:{version.pk}"

    item_guid_is_permalink = False

    def item_updateddate(self, version):
        return version.created_at

    def item_pubdate(self, version):
        return version.created_at

    def item_author_name(self, version):
        return version.author_name
