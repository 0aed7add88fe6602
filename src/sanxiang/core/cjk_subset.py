"""A pre-subset CJK font for the PDF renderer, built once from the installed Noto CJK (ADR 0024).

Every PDF WeasyPrint writes embeds a subset of each font it used. Noto CJK comes as
collections (.ttc) of 65,535 glyphs and 20–27 MB: for every document WeasyPrint copied the
whole collection into Python and HarfBuzz walked it to cut out a few hundred glyphs, about
half of each render. This module cuts, once per machine, the SC face of each collection
down to GB 2312 (the 6,763 常用 hanzi and its symbols), Latin, general punctuation, CJK
punctuation and full-width forms: 8,000 glyphs, 3–5 MB. The print stylesheet names these
fonts first and the full Noto CJK after them, so a rare character (么, 訾, 仝 …) still
renders from the full font: Pango falls back per character along ``font-family``.

The fonts are built on the machine from the OS package, never shipped: Noto CJK is under
the SIL Open Font License 1.1, which allows modified versions (subsets) under another name
with the licence kept; the built fonts are renamed "Sanxiang … CJK SC" and the licence
note is written beside them (``OFL.txt``).

HarfBuzz's subsetter (libharfbuzz-subset, which WeasyPrint also needs) does the cutting
in about a second per face through a few cffi declarations; fontTools only renames the
``name`` table. When either library or the OS fonts are missing, ``font_faces`` returns
nothing and the stylesheet's fallback, the full Noto CJK, is used as before.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

# Bump when the character set or the build changes: the cache key includes it.
BUILD_VERSION = "1"


@dataclass(frozen=True)
class Face:
    family: str          # the name the stylesheet uses (and the PDF shows)
    weight: str          # CSS font-weight
    source_family: str   # the fontconfig family of the installed font
    source_weight: int   # fontconfig weight (80 regular, 200 bold)
    file_stem: str

    @property
    def filename(self) -> str:
        return f"{self.file_stem}.otf"


FACES = (
    Face("Sanxiang Sans CJK SC", "normal", "Noto Sans CJK SC", 80, "SanxiangSansCJKsc-Regular"),
    Face("Sanxiang Sans CJK SC", "bold", "Noto Sans CJK SC", 200, "SanxiangSansCJKsc-Bold"),
    Face("Sanxiang Serif CJK SC", "normal", "Noto Serif CJK SC", 80,
         "SanxiangSerifCJKsc-Regular"),
    Face("Sanxiang Serif CJK SC", "bold", "Noto Serif CJK SC", 200, "SanxiangSerifCJKsc-Bold"),
)

LICENCE_NOTE = """\
The fonts in this folder are subsets of Noto Sans CJK SC and Noto Serif CJK SC
(fonts-noto-cjk), built on this machine by Sanxiang (sanxiang.core.cjk_subset) and
renamed "Sanxiang Sans CJK SC" / "Sanxiang Serif CJK SC" as the licence asks of
modified versions.

Noto CJK: Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name
'Source'. Licensed under the SIL Open Font License, Version 1.1
(https://openfontlicense.org/); the full text is installed with the OS package, e.g.
/usr/share/doc/fonts-noto-cjk/copyright.
"""


def characters() -> str:
    """GB 2312 (hanzi and symbols), ASCII and Latin-1, punctuation, full-width forms."""
    chars: set[str] = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    ranges = ((0x20, 0x17F), (0x2000, 0x206F), (0x2100, 0x214F), (0x2150, 0x218F),
              (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x25FF), (0x3000, 0x303F),
              (0xFE30, 0xFE4F), (0xFF00, 0xFFEF))
    for first, last in ranges:
        chars.update(chr(c) for c in range(first, last + 1))
    return "".join(sorted(chars))


# --------------------------------------------------------------------------------------
# Where the fonts live


def cache_dir() -> Path:
    """``SANXIANG_FONT_CACHE``, else ``$XDG_CACHE_HOME/sanxiang/fonts`` (~/.cache/…).

    A per-user cache, not the data directory: the fonts depend on the machine's OS fonts
    only, so every data directory (demo, tests, production) shares one build.
    """
    configured = os.environ.get("SANXIANG_FONT_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "sanxiang" / "fonts"


_lock = threading.Lock()
_faces: list[tuple[Face, Path]] | None = None
_coverage: frozenset[str] = frozenset()


def font_faces() -> list[tuple[Face, Path]]:
    """The built faces and their files, building them on the first call; [] if impossible."""
    global _faces, _coverage
    with _lock:
        if _faces is None:
            try:
                faces = _ensure_built()
                _coverage = _covered(path for _face, path in faces)
                _faces = faces
            except Exception as error:  # a missing library or font: the full font it is
                logger.warning("CJK font subset unavailable, using the full Noto CJK: %s",
                               error)
                _faces = []
        return _faces


def covers(text: str) -> bool:
    """Whether every built face has every character of ``text``.

    A document with a character outside the subset (a rare name: 堃, 喆 …) is rendered
    with the full Noto CJK alone: mixing two fonts in a line would move its baseline and
    so the page breaks, and a document must print as it always has.
    """
    return bool(font_faces()) and set(text) <= _coverage


def _covered(paths) -> frozenset[str]:
    from fontTools.ttLib import TTFont

    covered = None
    for path in paths:
        cmap = {chr(code) for code in TTFont(path, lazy=True).getBestCmap()}
        covered = cmap if covered is None else covered & cmap
    # Markup around the text: white space and controls never need a glyph.
    return frozenset(covered or ()) | frozenset("\n\r\t\f")


def _ensure_built() -> list[tuple[Face, Path]]:
    sources = [(face, *_locate(face)) for face in FACES]
    key = hashlib.sha256(BUILD_VERSION.encode())
    for _face, path, index in sources:
        stat = path.stat()
        key.update(f"{path}:{index}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    folder = cache_dir() / key.hexdigest()[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        # A service account without a writable home: the data directory then.
        from django.conf import settings

        folder = Path(settings.DATA_DIR) / "cache" / "fonts" / key.hexdigest()[:16]
        folder.mkdir(parents=True, exist_ok=True)
    result = []
    for face, path, index in sources:
        target = folder / face.filename
        if not target.exists():
            data = _rename(_subset(path, index, characters()), face)
            # Write then rename: a concurrent process sees the whole file or none.
            partial = target.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")
            partial.write_bytes(data)
            partial.replace(target)
            (folder / "OFL.txt").write_text(LICENCE_NOTE, encoding="utf-8")
        result.append((face, target))
    return result


def _locate(face: Face) -> tuple[Path, int]:
    """The installed font file and collection index of ``face``'s source, via fontconfig."""
    ffi, fc = _fontconfig()
    pattern = fc.FcNameParse(f"{face.source_family}:weight={face.source_weight}".encode())
    fc.FcConfigSubstitute(ffi.NULL, pattern, 0)  # FcMatchPattern
    fc.FcDefaultSubstitute(pattern)
    result = ffi.new("int *")
    match = fc.FcFontMatch(ffi.NULL, pattern, result)
    fc.FcPatternDestroy(pattern)
    if match == ffi.NULL:
        raise LookupError(face.source_family)
    try:
        string = ffi.new("unsigned char **")
        number = ffi.new("int *")
        fc.FcPatternGetString(match, b"family", 0, string)
        family = ffi.string(string[0]).decode()
        fc.FcPatternGetInteger(match, b"weight", 0, number)
        weight = number[0]
        fc.FcPatternGetString(match, b"file", 0, string)
        path = Path(os.fsdecode(ffi.string(string[0])))
        fc.FcPatternGetInteger(match, b"index", 0, number)
        index = number[0]
    finally:
        fc.FcPatternDestroy(match)
    if family != face.source_family or weight != face.source_weight:
        raise LookupError(f"{face.source_family} {face.source_weight}: got {family} {weight}")
    return path, index


_fc = None


def _fontconfig():
    global _fc
    if _fc is None:
        import cffi

        ffi = cffi.FFI()
        ffi.cdef("""
            typedef struct _FcPattern FcPattern;
            typedef struct _FcConfig FcConfig;
            FcPattern * FcNameParse (const unsigned char *name);
            int FcConfigSubstitute (FcConfig *config, FcPattern *p, int kind);
            void FcDefaultSubstitute (FcPattern *pattern);
            FcPattern * FcFontMatch (FcConfig *config, FcPattern *p, int *result);
            int FcPatternGetString (const FcPattern *p, const char *object, int n,
                                    unsigned char **s);
            int FcPatternGetInteger (const FcPattern *p, const char *object, int n, int *i);
            void FcPatternDestroy (FcPattern *p);
        """)
        _fc = (ffi, _dlopen(ffi, ("fontconfig", "libfontconfig.so.1", "libfontconfig-1.dll",
                                  "libfontconfig.1.dylib")))
    return _fc


# --------------------------------------------------------------------------------------
# HarfBuzz subsetting


_hb = None


def _harfbuzz():
    global _hb
    if _hb is None:
        import cffi

        ffi = cffi.FFI()
        ffi.cdef("""
            typedef struct hb_blob_t hb_blob_t;
            typedef struct hb_face_t hb_face_t;
            typedef struct hb_set_t hb_set_t;
            typedef struct hb_subset_input_t hb_subset_input_t;
            typedef uint32_t hb_codepoint_t;
            hb_blob_t * hb_blob_create_from_file (const char *file_name);
            void hb_blob_destroy (hb_blob_t *blob);
            const char * hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
            hb_face_t * hb_face_create (hb_blob_t *blob, unsigned int index);
            void hb_face_destroy (hb_face_t *face);
            hb_blob_t * hb_face_reference_blob (hb_face_t *face);
            unsigned int hb_face_get_glyph_count (const hb_face_t *face);
            void hb_set_add (hb_set_t *set, hb_codepoint_t codepoint);
            hb_subset_input_t * hb_subset_input_create_or_fail (void);
            void hb_subset_input_destroy (hb_subset_input_t *input);
            hb_set_t * hb_subset_input_unicode_set (hb_subset_input_t *input);
            hb_set_t * hb_subset_input_set (hb_subset_input_t *input, int set_type);
            void hb_subset_input_set_flags (hb_subset_input_t *input, unsigned value);
            hb_face_t * hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
        """)
        harfbuzz = _dlopen(ffi, ("harfbuzz", "libharfbuzz.so.0", "libharfbuzz-0.dll",
                                 "libharfbuzz.0.dylib"))
        subset = _dlopen(ffi, ("harfbuzz-subset", "libharfbuzz-subset.so.0",
                               "libharfbuzz-subset-0.dll", "libharfbuzz-subset.0.dylib"))
        _hb = (ffi, harfbuzz, subset)
    return _hb


def _dlopen(ffi, names):
    error = None
    for name in names:
        try:
            return ffi.dlopen(name)
        except OSError as exc:
            error = exc
    raise OSError(f"cannot load {names[0]}: {error}")


HB_SUBSET_SETS_NAME_ID = 4
HB_SUBSET_SETS_NAME_LANGUAGE = 5
HB_SUBSET_FLAGS_NAME_LEGACY = 0x00000008


def _subset(path: Path, index: int, text: str) -> bytes:
    """The face ``index`` of ``path`` cut down to the characters of ``text``."""
    ffi, hb, hb_subset = _harfbuzz()
    blob = hb.hb_blob_create_from_file(str(path).encode())
    face = hb.hb_face_create(blob, index)
    hb.hb_blob_destroy(blob)
    subset_input = hb_subset.hb_subset_input_create_or_fail()
    out = ffi.NULL
    try:
        if hb.hb_face_get_glyph_count(face) == 0 or subset_input == ffi.NULL:
            raise RuntimeError(f"cannot read {path} #{index}")
        unicodes = hb_subset.hb_subset_input_unicode_set(subset_input)
        for char in text:
            hb.hb_set_add(unicodes, ord(char))
        # Layout tables (GSUB/GPOS) are kept and subset with the glyphs, so shaping,
        # and so the layout of every document, is what the full font gives.
        out = hb_subset.hb_subset_or_fail(face, subset_input)
        if out == ffi.NULL:
            raise RuntimeError(f"HarfBuzz could not subset {path} #{index}")
        result = hb.hb_face_reference_blob(out)
        length = ffi.new("unsigned int *")
        data = hb.hb_blob_get_data(result, length)
        content = bytes(ffi.buffer(data, length[0]))
        hb.hb_blob_destroy(result)
        return content
    finally:
        if out != ffi.NULL:
            hb.hb_face_destroy(out)
        hb_subset.hb_subset_input_destroy(subset_input)
        hb.hb_face_destroy(face)


def _rename(data: bytes, face: Face) -> bytes:
    """Give the subset its own names in the ``name`` table (OFL: modified versions are renamed).

    Only the ``name`` table is rewritten: fontTools copies the other tables as they are
    (recompiling the CFF outlines would take a minute). The CFF's internal FontName stays
    the original PostScript name, which carries no Reserved Font Name ("Source").
    """
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), lazy=True)
    names = font["name"]
    style = "Bold" if face.weight == "bold" else "Regular"
    values = {1: face.family, 2: style, 3: f"{face.file_stem};sanxiang-subset",
              4: f"{face.family} {style}", 6: face.file_stem,
              16: face.family, 17: style}
    for record in list(names.names):
        if record.nameID in values:
            names.setName(values[record.nameID], record.nameID, record.platformID,
                          record.platEncID, record.langID)
    for name_id in (1, 2, 4, 6):
        names.setName(values[name_id], name_id, 3, 1, 0x409)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
