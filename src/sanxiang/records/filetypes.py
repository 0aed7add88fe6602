"""What a file really is, read from its first bytes, and whether that agrees with the kind of
evidence the officer declared (R-REC-04: the record says what it is).

The browser's ``Content-Type`` and the file's name are the sender's word; the first bytes
(magic numbers) are the file's. A program or a web page declared as 视频 is refused, so no
executable or script is ever stored as an original and later handed to staff.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

HEAD_BYTES = 64 * 1024  # enough for a zip's first entries and an MPEG-TS second packet

VIDEO, AUDIO, PHOTO, DOCUMENT, ARCHIVE, DANGEROUS, UNKNOWN = (
    "video", "audio", "photo", "document", "archive", "dangerous", "unknown")

# Which real families each declared kind accepts. A scanned paper (书证) is often a photo.
ACCEPTS = {
    "video": {VIDEO},
    "audio": {AUDIO},
    "photo": {PHOTO},
    "document": {DOCUMENT, PHOTO},
    "other": {VIDEO, AUDIO, PHOTO, DOCUMENT, ARCHIVE, UNKNOWN},
}

_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1",
                b"avif"}
_MARKUP = (b"<!doctype", b"<html", b"<svg", b"<script", b"<?xml", b"<head", b"<body",
           b"<iframe", b"<meta")
_SCRIPT_WORDS = (b"<script", b"function", b"=>", b"document.", b"window.", b"eval(",
                 b"require(", b"import ", b"var ", b"const ", b"let ")


def _zip_kind(head: bytes) -> tuple[str, str]:
    if b"OFD.xml" in head or b"Doc_0/" in head:
        return DOCUMENT, "OFD"
    if b"word/" in head:
        return DOCUMENT, "DOCX"
    if b"xl/" in head:
        return DOCUMENT, "XLSX"
    if b"ppt/" in head or b"[Content_Types].xml" in head:
        return DOCUMENT, "Office"
    return ARCHIVE, "ZIP"


def _text_kind(head: bytes) -> tuple[str, str] | None:
    """Markup or script in plain text: never evidence (it could run in a browser)."""
    if b"\x00" in head[:4096]:
        return None
    text = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(_MARKUP) or b"<svg" in text or b"<script" in text:
        return DANGEROUS, _("web page or SVG (HTML/SVG)")
    try:
        text.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if sum(word in text for word in _SCRIPT_WORDS) >= 2:
        return DANGEROUS, _("script (JavaScript or similar)")
    return None


def sniff(head: bytes) -> tuple[str, str]:
    """(family, name) of the file whose first bytes are ``head``."""
    h = head
    if h[:5] == b"#!AMR":
        return AUDIO, "AMR"
    if h[:2] == b"MZ":
        return DANGEROUS, _("Windows program (MZ)")
    if h[:4] == b"\x7fELF":
        return DANGEROUS, _("Linux program (ELF)")
    if h[:4] in (b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe",
                 b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe"):
        return DANGEROUS, _("macOS or Java program")
    if h[:2] == b"#!":
        return DANGEROUS, _("script (#!)")
    if h[4:8] == b"ftyp":
        brand = h[8:12]
        if brand == b"qt  ":
            return VIDEO, "MOV"
        if brand in (b"M4A ", b"M4B "):
            return AUDIO, "M4A"
        if brand in _HEIF_BRANDS:
            return PHOTO, "HEIC"
        if brand.startswith(b"3g"):
            return VIDEO, "3GP"
        return VIDEO, "MP4"
    if h[:4] == b"RIFF":
        form = h[8:12]
        if form == b"AVI ":
            return VIDEO, "AVI"
        if form == b"WAVE":
            return AUDIO, "WAV"
        if form == b"WEBP":
            return PHOTO, "WebP"
    if h[:4] == b"\x1a\x45\xdf\xa3":
        return VIDEO, "MKV/WebM"
    if h[:3] == b"FLV":
        return VIDEO, "FLV"
    if h[:4] == b"DHAV":
        return VIDEO, "DAV"
    if h[:4] in (b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3"):
        return VIDEO, "MPEG-PS"
    if h[:4] == b"\x00\x00\x00\x01" or h[:3] == b"\x00\x00\x01":
        return VIDEO, "H.264"
    if h[:1] == b"\x47" and h[188:189] == b"\x47":  # two 188-byte packets' sync bytes
        return VIDEO, "MPEG-TS"
    if h[:3] == b"\xff\xd8\xff":
        return PHOTO, "JPEG"
    if h[:8] == b"\x89PNG\r\n\x1a\n":
        return PHOTO, "PNG"
    if h[:6] in (b"GIF87a", b"GIF89a"):
        return PHOTO, "GIF"
    if h[:4] in (b"II*\x00", b"MM\x00*"):
        return PHOTO, "TIFF"
    if h[:2] == b"BM":
        return PHOTO, "BMP"
    if h[:3] == b"ID3":
        return AUDIO, "MP3"
    if len(h) >= 2 and h[0] == 0xFF and h[1] & 0xE0 == 0xE0:
        return AUDIO, ("AAC" if h[1] & 0x06 == 0 else "MP3")
    if h[:4] in (b"OggS", b"fLaC"):
        return AUDIO, "Ogg/FLAC"
    if h[:5] == b"%PDF-":
        return DOCUMENT, "PDF"
    if h[:4] == b"PK\x03\x04":
        return _zip_kind(h)
    if h[:4] == b"\xd0\xcf\x11\xe0":
        return DOCUMENT, "Office"
    return _text_kind(h) or (UNKNOWN, _("content of no recognised type"))


def refusal(kind: str, head: bytes) -> str | None:
    """The Chinese reason why a file whose first bytes are ``head`` cannot be stored as
    evidence of ``kind``, or None when they agree."""
    from sanxiang.records.models import Evidence

    family, name = sniff(head)
    if family in ACCEPTS.get(kind, set()):
        return None
    declared = Evidence.Kind(kind).label if kind in Evidence.Kind.values else kind
    if family == DANGEROUS:
        return _("The file was declared as %(declared)s but is a %(actual)s; programs and "
                 "scripts cannot be stored as evidence.") % {"declared": declared,
                                                              "actual": name}
    return _("The file was declared as %(declared)s but its content is %(actual)s; choose "
             "the kind that matches the file, or the right file.") % {
        "declared": declared, "actual": name}
