"""Serving a stored original, whole or by HTTP Range (206), without loading it into memory."""

from __future__ import annotations

import os
import re

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

from sanxiang.core import blobs

PIECE = 256 * 1024
# ASCII digits only (``\d`` would take "²", which ``int`` refuses), at most 19 of them.
_RANGE = re.compile(r"bytes=([0-9]{0,19})-([0-9]{0,19})", re.ASCII)
# Only these are shown inline; anything else is handed out as a download, so an uploaded
# HTML or SVG file can never run in the platform's origin.
INLINE_PREFIXES = ("video/", "audio/", "image/png", "image/jpeg", "image/gif", "image/webp",
                   "application/pdf")


def parse_range(header: str, size: int) -> tuple[int, int] | bool | None:
    """(start, end inclusive) for a single satisfiable range; None: no usable Range header
    (serve the whole file); False: not satisfiable (416)."""
    if not header:
        return None
    spec = header.strip().split(",")[0].strip()  # several ranges: the first one is enough
    match = _RANGE.fullmatch(spec)
    if not match or (not match.group(1) and not match.group(2)):
        return None
    first, last = match.group(1), match.group(2)
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            return False
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return False
    return start, end


def _pieces(path, start: int, length: int):
    fd = os.open(path, os.O_RDONLY)
    try:
        position, left = start, length
        while left > 0:
            data = os.pread(fd, min(PIECE, left), position)
            if not data:
                break
            position += len(data)
            left -= len(data)
            yield data
    finally:
        os.close(fd)


def inline_type(content_type: str) -> str | None:
    content_type = (content_type or "").lower()
    return content_type if content_type.startswith(INLINE_PREFIXES) else None


def _source(evidence):
    """(size, pieces(start, length)) of the local copy, or of the bucket's version that was
    checked against the digest when the local copy is missing (``core.object_store``)."""
    path = blobs.path_of(evidence.digest)
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        from sanxiang.core import object_store
        from sanxiang.records import integrity

        found = integrity.intact_bucket_version(evidence.digest)
        if found is None:
            raise
        return found["size"], lambda start, length: object_store.iter_range(
            evidence.digest, found["version"], start, start + length - 1, PIECE)
    return size, lambda start, length: _pieces(path, start, length)


def serve(evidence, request, *, attachment: bool = False) -> HttpResponse:
    """The original's bytes, whole or by Range; callers check it is intact first
    (``integrity.require_intact``)."""
    size, pieces = _source(evidence)
    shown = None if attachment else inline_type(evidence.content_type)
    content_type = shown or "application/octet-stream"
    wanted = parse_range(request.headers.get("Range", ""), size) if not attachment else None
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    start, end = wanted if wanted else (0, size - 1)
    length = max(0, end - start + 1)
    body = pieces(start, length) if request.method != "HEAD" and length else iter(())
    response = StreamingHttpResponse(body, status=206 if wanted else 200,
                                     content_type=content_type)
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    if wanted:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=attachment or shown is None, filename=evidence.filename)
    # Never let a browser guess another type from the bytes (an original is served only as
    # its declared media type or as a download); set here, not only by the middleware.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["ETag"] = f'"{evidence.digest}"'
    return response
