from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LedgerEvent(models.Model):
    """One append-only entry of the ledger (DESIGN.md, "The ledger").

    Database triggers refuse UPDATE and DELETE. ``digest`` is the RFC 6962 leaf hash of the
    entry's canonical bytes, which include ``prev_digest``: the entries form a hash chain
    and the leaves of a Merkle tree at once. Both digests carry their algorithm (``sm3:…``).
    """

    seq = models.BigIntegerField(_("sequence"), primary_key=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    # The actor is frozen as id and name: the ledger must read the same after a user changes.
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    kind = models.PositiveIntegerField(_("event kind"))
    subject_type = models.CharField(_("subject type"), max_length=64)
    subject_id = models.CharField(_("subject id"), max_length=64)
    payload = models.TextField(_("payload"))  # canonical JSON, exactly as hashed
    prev_digest = models.CharField(_("previous digest"), max_length=80)
    digest = models.CharField(_("digest"), max_length=80)

    class Meta:
        verbose_name = _("ledger event")
        verbose_name_plural = _("ledger events")
        indexes = [models.Index(fields=["subject_type", "subject_id", "seq"])]

    def __str__(self):
        return f"#{self.seq} {self.kind} {self.subject_type}:{self.subject_id}"


class LedgerHead(models.Model):
    """The single row every append locks first, so there is one writer at a time."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.BigIntegerField(default=0)
    last_digest = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = _("ledger head")

    def __str__(self):
        return f"{self.size} {self.last_digest}"


class RowBinding(models.Model):
    """A row of platform state as one ledger event left it (``sanxiang.ledger.state``).

    Append-only like the ledger. The event at ``seq`` carries the digest of all its
    bindings in its payload (``"state"``), so these rows are proved by the ledger; the
    newest binding of a row must match the row as it stands (``ledger verify --state``).
    """

    seq = models.BigIntegerField(_("sequence"))
    aggregate = models.CharField(_("aggregate"), max_length=64)
    aggregate_id = models.BigIntegerField(_("aggregate id"))
    model = models.CharField(_("model"), max_length=64)
    row_id = models.BigIntegerField(_("row id"))
    digest = models.CharField(_("digest"), max_length=80, blank=True)  # "" once deleted
    fields = models.TextField(_("fields"), blank=True)  # canonical JSON, as hashed

    class Meta:
        verbose_name = _("row binding")
        verbose_name_plural = _("row bindings")
        constraints = [models.UniqueConstraint(fields=["seq", "model", "row_id"],
                                               name="core_rowbinding_once_per_event")]
        indexes = [models.Index(fields=["model", "row_id", "seq"]),
                   models.Index(fields=["aggregate", "aggregate_id", "seq"])]

    def __str__(self):
        return f"#{self.seq} {self.model}:{self.row_id}"


class LedgerNode(models.Model):
    """The hash of one complete subtree of the ledger's Merkle tree (``ledger.nodes``).

    Written in the transaction of the append that completes it, for every subtree of
    2^8 leaves or more, so a proof or a root reads O(log n) rows instead of hashing the
    ledger. ``size`` is the tree size at which the subtree completed (its last leaf's
    seq); the subtree covers leaves ``size - 2^level`` … ``size - 1``. Append-only like
    the ledger, and checked by ``ledger verify``.
    """

    pk = models.CompositePrimaryKey("level", "size")
    level = models.PositiveSmallIntegerField(_("level"))
    size = models.BigIntegerField(_("tree size"))
    hash = models.BinaryField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("ledger subtree hash")
        verbose_name_plural = _("ledger subtree hashes")
        # Verification reads them by seq range, beside the entries.
        indexes = [models.Index(fields=["size"], name="core_ledgernode_size")]

    def __str__(self):
        return f"{self.level}@{self.size}"


class Checkpoint(models.Model):
    """A signed statement of the ledger's size and Merkle root at a moment."""

    tree_size = models.BigIntegerField(_("tree size"), unique=True)
    root = models.CharField(_("root"), max_length=80)
    signed_at = models.DateTimeField(_("signed at"))
    signature_algorithm = models.CharField(_("signature algorithm"), max_length=16)
    key_id = models.CharField(_("key id"), max_length=80)
    signature = models.TextField(_("signature"))
    # Every signature, the one above first, as [{signature_algorithm, key_id, signature}]:
    # Ed25519 and SM2 when both are configured (ADR 0022). Empty on older rows: one signature.
    signatures = models.JSONField(_("signatures"), default=list, blank=True)
    # The same tree head as a C2SP signed note (tlog-checkpoint, ADR 0032), as served at
    # /ledger/checkpoint. Empty on rows signed before it existed.
    note = models.TextField(_("signed note"), blank=True, default="")

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["-tree_size"]

    def __str__(self):
        return f"{self.tree_size} {self.root}"


class CalendarYear(models.Model):
    """A year's holiday schedule from the State Council notice (R-CAL-01).

    Loaded by an administrator for years the bundled calendar package lacks; a loaded year
    overrides the package.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    days_off = models.JSONField(_("statutory holidays and their rest days"), default=list)
    makeup_workdays = models.JSONField(_("make-up working days"), default=list)
    holiday_names = models.JSONField(_("holiday names by date"), default=dict)
    source = models.CharField(_("source notice"), max_length=300)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    loaded_by = models.CharField(_("loaded by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]

    def __str__(self):
        return str(self.year)


class RulebookEntry(models.Model):
    """A per-body (or national) value of a rule's number: a period, ratio or threshold.

    The national defaults live in ``sanxiang.core.rulebook.DEFAULTS``; a row overrides one
    from its effective date on. Rows are never edited: a change is a new row.
    """

    key = models.CharField(_("rule key"), max_length=80)
    body = models.ForeignKey(
        "org.Body", verbose_name=_("body"), null=True, blank=True, on_delete=models.PROTECT
    )
    value = models.JSONField(_("value"))
    effective_from = models.DateField(_("effective from"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.CharField(_("created by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("rulebook entry")
        verbose_name_plural = _("rulebook entries")
        indexes = [models.Index(fields=["key", "body", "effective_from"])]

    def __str__(self):
        return f"{self.key}={self.value}"


class SearchEntry(models.Model):
    """One public document in the full-text index (``sanxiang.core.search``).

    Only public text goes in: the portal's search reads this table without any other check.
    The database keeps its own full-text structure in step with the rows — an FTS5 table on
    SQLite, a ``search_vector`` column with a GIN index on PostgreSQL — see
    ``sanxiang.core.search_schema``.
    """

    kind = models.CharField(_("search kind"), max_length=20)
    key = models.CharField(_("object key"), max_length=64)
    body = models.ForeignKey(
        "org.Body", verbose_name=_("body"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )
    # The small columns first: SQLite reads a row's columns in order, and ranking reads
    # boost and the filters for every match, which must not drag the long text along.
    boost = models.FloatField(_("rank boost"), default=1.0)
    updated_at = models.DateTimeField(_("indexed at"))
    title = models.CharField(_("result title"), max_length=300)
    url = models.CharField(_("result address"), max_length=500)
    text = models.TextField(_("indexed text"), blank=True)
    title_tokens = models.TextField(_("indexed title tokens"), blank=True)
    tokens = models.TextField(_("indexed text tokens"), blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="search_entry_kind_key")
        ]

    def __str__(self):
        return f"{self.kind}:{self.key} {self.title}"


class PublicVersion(models.Model):
    """The version of one public area of the portal (register, decisions, lists …).

    Public pages are cached under the versions of the areas they show
    (``sanxiang.core.public_cache``); a write to an area's tables moves its version inside
    the same transaction, so the change and the end of every cached page that showed the old
    state commit together (docs/adr/0019-public-cache.md).
    """

    area = models.CharField(_("public area"), max_length=20, primary_key=True)
    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("public area version")
        verbose_name_plural = _("public area versions")

    def __str__(self):
        return f"{self.area}={self.version}"


class AccessEntry(models.Model):
    """调阅记录 (R-REC-06): a member of staff viewed, downloaded or exported a record, when and
    why. Written by ``core.access.log_access`` for cases, documents, publications, reviews,
    complaints and list exports (an evidence original's own custody log is
    ``records.CustodyEntry``); never changed."""

    class Action(models.TextChoices):
        VIEW = "view", pgettext_lazy("access", "viewed")
        DOWNLOAD = "download", pgettext_lazy("access", "downloaded")
        EXPORT = "export", pgettext_lazy("access", "exported")

    at = models.DateTimeField(pgettext_lazy("access", "time"), auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("access", "user"),
                             null=True, on_delete=models.PROTECT, related_name="+")
    user_name = models.CharField(pgettext_lazy("access", "user name"), max_length=150)
    action = models.CharField(pgettext_lazy("access", "action"), max_length=10,
                              choices=Action.choices)
    subject_type = models.CharField(pgettext_lazy("access", "kind of record"), max_length=60)
    # A record's id, or "*" for an export of a list (the filter is the reason).
    subject_id = models.CharField(pgettext_lazy("access", "record"), max_length=40)
    reason = models.CharField(pgettext_lazy("access", "reason or filter"), max_length=500,
                              blank=True)

    class Meta:
        verbose_name = pgettext_lazy("access", "access record")
        verbose_name_plural = pgettext_lazy("access", "access records")
        indexes = [models.Index(fields=["subject_type", "subject_id", "at"]),
                   models.Index(fields=["user", "at"]), models.Index(fields=["at"])]

    def __str__(self):
        return f"{self.user_name} {self.get_action_display()} {self.subject_type}:{self.subject_id}"
