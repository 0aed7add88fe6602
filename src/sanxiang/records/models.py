"""Evidence and audio-video (R-REC-03 … R-REC-06): uploads, stored originals, custody log.

The bytes of an original live in ``sanxiang.core.blobs`` under their digest; these rows
carry what the law asks to be recorded about them. Nothing is saved directly: see
``sanxiang.records.actions``. No row here is ever deleted, and no interface overwrites one
(an ``Evidence`` row's metadata is fixed when it is stored).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy

from sanxiang.cases.models import Case, Document
from sanxiang.cases.querysets import CaseRecordQuerySet
from sanxiang.org.models import Officer


class Upload(models.Model):
    """A resumable upload in progress: chunks arrive in any order, each hashed as written.

    Until ``finish`` turns it into ``Evidence`` nothing of it counts: the partial file sits
    outside the blob store and an abandoned upload is removed after the rulebook's hours.
    """

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("record", "uploading")
        DONE = "done", pgettext_lazy("record", "stored")
        ABANDONED = "abandoned", pgettext_lazy("record", "abandoned")
        # Its finish was refused (wrong particulars, wrong file type): closed at once, so it
        # no longer counts against the officer's limit of unfinished uploads.
        REFUSED = "refused", pgettext_lazy("record", "refused when finishing")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case,
        verbose_name=pgettext_lazy("record", "case"),
        on_delete=models.PROTECT,
        related_name="uploads",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("record", "uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    filename = models.CharField(pgettext_lazy("record", "file name"), max_length=255)
    content_type = models.CharField(pgettext_lazy("record", "content type"), max_length=100)
    size = models.PositiveBigIntegerField(pgettext_lazy("record", "size (bytes)"))
    chunk_size = models.PositiveIntegerField(pgettext_lazy("record", "chunk size"))
    state = models.CharField(
        pgettext_lazy("record", "state"), max_length=10, choices=State.choices, default=State.OPEN
    )
    created_at = models.DateTimeField(pgettext_lazy("record", "started at"), auto_now_add=True)
    updated_at = models.DateTimeField(pgettext_lazy("record", "last chunk at"), auto_now=True)

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("record", "upload")
        verbose_name_plural = pgettext_lazy("record", "uploads")
        indexes = [models.Index(fields=["state", "updated_at"])]

    def __str__(self):
        return self.filename

    @property
    def chunk_count(self) -> int:
        return max(1, -(-self.size // self.chunk_size))


class UploadChunk(models.Model):
    upload = models.ForeignKey(
        Upload,
        verbose_name=pgettext_lazy("record", "upload"),
        on_delete=models.CASCADE,
        related_name="chunks",
    )
    index = models.PositiveIntegerField(pgettext_lazy("record", "chunk"))
    size = models.PositiveIntegerField(pgettext_lazy("record", "size (bytes)"))
    leaf = models.CharField(
        pgettext_lazy("record", "chunk digest"), max_length=64
    )  # hex of H(0x00 ‖ chunk)

    class Meta:
        verbose_name = pgettext_lazy("record", "upload chunk")
        verbose_name_plural = pgettext_lazy("record", "upload chunks")
        constraints = [
            models.UniqueConstraint(fields=["upload", "index"], name="one_chunk_per_index")
        ]

    def __str__(self):
        return f"{self.upload_id}#{self.index}"


class Evidence(models.Model):
    """A stored original: a recording, photo, scan or other file, with its metadata."""

    class Kind(models.TextChoices):
        VIDEO = "video", pgettext_lazy("record", "video recording")
        AUDIO = "audio", pgettext_lazy("record", "audio recording")
        PHOTO = "photo", pgettext_lazy("record", "photograph")
        DOCUMENT = "document", pgettext_lazy("record", "documentary evidence")
        OTHER = "other", pgettext_lazy("record", "other")

    case = models.ForeignKey(
        Case,
        verbose_name=pgettext_lazy("record", "case"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    step = models.CharField(pgettext_lazy("record", "step"), max_length=40)
    kind = models.CharField(pgettext_lazy("record", "kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("record", "title"), max_length=200)
    proves = models.TextField(pgettext_lazy("record", "what it proves"))
    captured_from = models.DateTimeField(pgettext_lazy("record", "capture started"))
    captured_to = models.DateTimeField(pgettext_lazy("record", "capture ended"))
    place = models.CharField(pgettext_lazy("record", "place"), max_length=200)
    captured_by = models.ForeignKey(
        Officer,
        verbose_name=pgettext_lazy("record", "captured by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    device = models.CharField(pgettext_lazy("record", "device"), max_length=100)
    uninterrupted = models.BooleanField(
        pgettext_lazy("record", "uninterrupted recording"), default=False
    )
    # Gaps in an uninterrupted recording: [{"from": iso, "to": iso, "explanation": text}].
    gaps = models.JSONField(pgettext_lazy("record", "gaps"), default=list, blank=True)
    filename = models.CharField(pgettext_lazy("record", "file name"), max_length=255)
    content_type = models.CharField(pgettext_lazy("record", "content type"), max_length=100)
    size = models.PositiveBigIntegerField(pgettext_lazy("record", "size (bytes)"))
    digest = models.CharField(pgettext_lazy("record", "digest"), max_length=90, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("record", "uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(pgettext_lazy("record", "uploaded at"))
    late = models.BooleanField(pgettext_lazy("record", "uploaded late"), default=False)  # R-REC-05
    late_reason = models.TextField(
        pgettext_lazy("record", "reason for the late upload"), blank=True
    )
    ledger_seq = models.PositiveBigIntegerField(
        pgettext_lazy("record", "ledger entry"), null=True, blank=True
    )
    # Added after 归档 by the head, with the reason (R-REC-02): the archived file is
    # closed, a supplement says why it was reopened and who approved it (uploaded_by).
    supplement_reason = models.TextField(
        pgettext_lazy("record", "reason for the supplement after archiving"), blank=True
    )

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("record", "evidence")
        verbose_name_plural = pgettext_lazy("record", "evidence")
        ordering = ["case", "captured_from", "id"]
        indexes = [
            models.Index(fields=["case", "step"]),
            models.Index(fields=["late", "uploaded_at"]),
        ]

    def __str__(self):
        return self.title

    @property
    def is_recording(self) -> bool:
        return self.kind in (self.Kind.VIDEO, self.Kind.AUDIO)


class RecordingException(models.Model):
    """An approved exception to a step's audio-video requirement (R-REC-03)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", pgettext_lazy("record", "pending")
        APPROVED = "approved", pgettext_lazy("record", "approved")
        REFUSED = "refused", pgettext_lazy("record", "refused")

    case = models.ForeignKey(
        Case,
        verbose_name=pgettext_lazy("record", "case"),
        on_delete=models.PROTECT,
        related_name="recording_exceptions",
    )
    step = models.CharField(pgettext_lazy("record", "step"), max_length=40)
    reason = models.TextField(pgettext_lazy("record", "reason"))
    # None: recorded by the platform itself (imports, the demo loader).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("record", "requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(pgettext_lazy("record", "requested at"), auto_now_add=True)
    outcome = models.CharField(
        pgettext_lazy("record", "decision"),
        max_length=10,
        choices=Outcome.choices,
        default=Outcome.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("record", "decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(pgettext_lazy("record", "decided at"), null=True, blank=True)

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("record", "recording exception")
        verbose_name_plural = pgettext_lazy("record", "recording exceptions")
        indexes = [models.Index(fields=["case", "step", "outcome"])]

    def __str__(self):
        return f"{self.case_id} {self.step}"


REASON_MAX_LENGTH = 1000


class CustodyEntry(models.Model):
    """调阅记录 (R-REC-06): every view, download or export of a record by staff, with why.

    Append-only: written by ``records.custody.log`` and never changed.
    """

    class Action(models.TextChoices):
        VIEW = "view", pgettext_lazy("record", "viewed")
        DOWNLOAD = "download", pgettext_lazy("record", "downloaded")
        EXPORT = "export", pgettext_lazy("record", "exported the case file")
        COPY = "copy", pgettext_lazy("record", "copied the original")

    at = models.DateTimeField(pgettext_lazy("record", "time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("record", "user"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    user_name = models.CharField(pgettext_lazy("record", "user name"), max_length=150)
    action = models.CharField(
        pgettext_lazy("record", "action"), max_length=10, choices=Action.choices
    )
    case = models.ForeignKey(
        Case,
        verbose_name=pgettext_lazy("record", "case"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    evidence = models.ForeignKey(
        Evidence,
        verbose_name=pgettext_lazy("record", "evidence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="custody",
    )
    document = models.ForeignKey(
        Document,
        verbose_name=pgettext_lazy("record", "document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # As long as the longest reason a person types for it (a copy request's, 1000): the log
    # keeps the whole reason, never a cut one (``custody.log_access`` refuses a longer one).
    reason = models.CharField(pgettext_lazy("record", "reason"), max_length=REASON_MAX_LENGTH)
    address = models.GenericIPAddressField(
        pgettext_lazy("record", "network address"), null=True, blank=True
    )

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("record", "custody log entry")
        verbose_name_plural = pgettext_lazy("record", "custody log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "-at"]), models.Index(fields=["user", "-at"])]

    def __str__(self):
        return f"{self.at} {self.user_name} {self.action}"


class CopyRequest(models.Model):
    """Copying an original out of the platform needs a head's approval (R-REC-06)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", pgettext_lazy("record", "pending")
        APPROVED = "approved", pgettext_lazy("record", "approved")
        REFUSED = "refused", pgettext_lazy("record", "refused")

    evidence = models.ForeignKey(
        Evidence,
        verbose_name=pgettext_lazy("record", "evidence"),
        on_delete=models.PROTECT,
        related_name="copy_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("record", "requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(pgettext_lazy("record", "reason"))
    requested_at = models.DateTimeField(pgettext_lazy("record", "requested at"), auto_now_add=True)
    outcome = models.CharField(
        pgettext_lazy("record", "decision"),
        max_length=10,
        choices=Outcome.choices,
        default=Outcome.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("record", "decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(pgettext_lazy("record", "decided at"), null=True, blank=True)
    used_at = models.DateTimeField(pgettext_lazy("record", "copied at"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("record", "copy request")
        verbose_name_plural = pgettext_lazy("record", "copy requests")
        indexes = [models.Index(fields=["evidence", "requested_by", "outcome"])]

    def __str__(self):
        return f"{self.evidence_id} {self.requested_by_id}"


class BlobCheck(models.Model):
    """The last re-hash of a stored original and the file's identity when it was done.

    A blob is write-once (R-REC-02): any change to its file on disk — new contents, a
    truncation, a ``chmod`` to make it writable — changes its inode's ``ctime``, which no
    program can set back. So while (inode, size, mtime, ctime) are what they were at the
    last good re-hash, the bytes are the bytes that were hashed; when they differ, the file
    is hashed again before it is served (``records.integrity``) or by ``sanxiang scrub``.
    """

    digest = models.CharField(pgettext_lazy("record", "digest"), max_length=90, unique=True)
    inode = models.BigIntegerField(pgettext_lazy("record", "inode"))
    size = models.PositiveBigIntegerField(pgettext_lazy("record", "size (bytes)"))
    mtime_ns = models.BigIntegerField(pgettext_lazy("record", "modified (ns)"))
    ctime_ns = models.BigIntegerField(pgettext_lazy("record", "changed (ns)"))
    intact = models.BooleanField(pgettext_lazy("record", "matches its digest"))
    checked_at = models.DateTimeField(pgettext_lazy("record", "checked at"))

    class Meta:
        verbose_name = pgettext_lazy("record", "blob check")
        verbose_name_plural = pgettext_lazy("record", "blob checks")

    def __str__(self):
        return self.digest
