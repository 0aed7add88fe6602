"""PDF from Django templates: WeasyPrint with Debian's Noto CJK fonts (ADR 0007).

Templates extend ``pdf/base.html`` and choose a page style, ``list`` or ``document``
(GB/T 9704 margins for 执法文书). After every render the PDF itself is inspected: when no
embedded CJK font is found, WeasyPrint has drawn the Chinese text as empty boxes (it does so
silently when fonts-noto-cjk is missing), and ``render_pdf`` raises ``MissingCJKFont``
instead of handing such a file to anyone.
"""

import atexit
import io
import re
import threading
from functools import cache
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sanxiang.core import cjk_subset

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "pdf"
STYLESHEET = TEMPLATE_DIR / "print.css"
# Files a template may reference (images, further stylesheets): the package's own, nothing else.
PACKAGE_DIR = Path(__file__).resolve().parents[1]

MISSING_CJK_FONT = (
    "未嵌入中文字体（请安装 fonts-noto-cjk）。"
    "No CJK font was embedded in the PDF (install fonts-noto-cjk)."
)

_FONT_FILE_KEYS = ("/FontFile", "/FontFile2", "/FontFile3")
# Noto CJK (what fonts-noto-cjk installs) and the usual Chinese system fonts.
_CJK_NAME = re.compile(r"CJK|SourceHan|Source-Han|SimSun|SimHei|FangSong|KaiTi|WenQuanYi",
                       re.IGNORECASE)


class PdfResourceError(RuntimeError):
    """A template referenced something it may not load (the network) or that is missing."""


class MissingCJKFont(RuntimeError):
    """A rendered PDF embeds no CJK font: its Chinese text would print as boxes."""

    def __init__(self, message: str = MISSING_CJK_FONT):
        super().__init__(message)


# --------------------------------------------------------------------------------------
# Rendering


def render_pdf(template_name: str, context: dict, *, request=None, base_url=None) -> bytes:
    """Render a Django template extending ``pdf/base.html`` to PDF bytes.

    ``base_url`` resolves relative references in the template (default: the print
    templates' folder); only files inside the sanxiang package and ``data:`` URLs load —
    never the network. Raises ``MissingCJKFont`` when no CJK font ended up in the PDF and
    ``PdfResourceError`` when a reference could not or may not be loaded.
    """
    html = render_to_string(template_name, context, request=request)
    return html_to_pdf(html, base_url=base_url)


def html_to_pdf(html: str, *, base_url=None, full_fonts: bool = False) -> bytes:
    """``render_pdf`` for HTML already rendered.

    Text whose characters the pre-subset CJK fonts cover is set in them (ADR 0024);
    ``full_fonts`` (or a character outside them) sets it in the installed Noto CJK alone.
    Both print the same glyphs at the same places.
    """
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    document = HTML(string=html, base_url=str(base_url or TEMPLATE_DIR) + "/",
                    url_fetcher=_local_fetcher())
    try:
        subset = not full_fonts and cjk_subset.covers(html)
        pdf = document.write_pdf(
            stylesheets=[*(_font_face_stylesheets() if subset else ()), _base_stylesheet(),
                         _page_number_stylesheet(get_language() or "")],
            font_config=_font_config(subset=subset),
        )
    except FatalURLFetchingError as error:  # a BaseException: would get past every handler
        raise PdfResourceError(f"{error}: {error.__cause__}") from None
    require_cjk_font(pdf)
    return pdf


_local = threading.local()


def _font_config(*, subset: bool = True):
    """One FontConfiguration per thread, reused by every render of that thread.

    Building one loads fontconfig's font list (tens of milliseconds with Noto CJK); it
    holds a Pango font map, which is not meant to be shared between threads. Two of them:
    one knowing the pre-subset CJK fonts (ADR 0024), and one without them, for documents
    with characters outside the subset (``cjk_subset.covers``).
    """
    name = "font_config" if subset else "font_config_full"
    config = getattr(_local, name, None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = FontConfiguration()
        setattr(_local, name, config)
    return config


@atexit.register
def _drop_font_config():
    """Let the main thread's FontConfiguration remove its temporary font folder while the
    interpreter still works (at shutdown its ``__del__`` fails with a printed traceback)."""
    for name in ("font_faces", "font_config", "font_config_full"):
        if hasattr(_local, name):
            delattr(_local, name)


def _font_face_stylesheets() -> list:
    """The pre-subset CJK fonts (ADR 0024) as ``@font-face`` rules of this thread's fonts.

    WeasyPrint registers an ``@font-face`` with the FontConfiguration the stylesheet is
    parsed with, so the stylesheet belongs to the thread like its configuration, and the
    fonts are loaded once per thread, not per document. The stylesheets name them first
    and the full Noto CJK after them: characters outside the subset come from Noto.
    """
    sheets = getattr(_local, "font_faces", None)
    if sheets is None:
        from weasyprint import CSS

        faces = cjk_subset.font_faces()
        allowed = {path.resolve() for _face, path in faces}
        rules = "".join(
            f'@font-face {{ font-family: {_css_string(face.family)}; '
            f'font-weight: {face.weight}; src: url({_css_string(path.as_uri())}); }}\n'
            for face, path in faces)
        sheets = _local.font_faces = [CSS(string=rules, font_config=_font_config(),
                                          url_fetcher=_make_local_fetcher(allowed))] \
            if rules else []
    return sheets


def _local_fetcher():
    fetcher = getattr(_local, "fetcher", None)
    if fetcher is None:
        fetcher = _local.fetcher = _make_local_fetcher()
    return fetcher


def _make_local_fetcher(extra_files=frozenset()):
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        """Only ``data:`` URLs and files inside the sanxiang package (and ``extra_files``,
        the built fonts); a miss is an error."""

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if not path.is_relative_to(PACKAGE_DIR) and path not in extra_files:
                    raise ValueError(f"PDF templates may only load the package's files: {url}")
            elif parts.scheme != "data":
                raise ValueError(f"PDF templates may not load {parts.scheme or 'relative'} URLs")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


# Parsed stylesheets are only read while rendering, so every thread shares them.
@cache
def _base_stylesheet():
    from weasyprint import CSS

    return CSS(filename=str(STYLESHEET), url_fetcher=_make_local_fetcher())


@cache
def _page_number_stylesheet(language: str):
    """The translated "第 X 页 共 Y 页" as CSS ``content``, parsed once per language."""
    from weasyprint import CSS

    # Translators see placeholders; CSS needs counters between quoted strings.
    template = _("Page %(page)s of %(pages)s")
    content = " ".join(
        f"counter({part[2:-2]})" if part in ("%(page)s", "%(pages)s") else _css_string(part)
        for part in re.split(r"(%\(pages?\)s)", template) if part
    )
    css = (f"@page list {{ @bottom-right {{ content: {content}; }} }}\n"
           f"@page document {{ @bottom-center {{ content: {content}; }} }}\n")
    return CSS(string=css, url_fetcher=_make_local_fetcher())


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'


# --------------------------------------------------------------------------------------
# The embedded-font check


def embedded_fonts(pdf: bytes) -> set[str]:
    """The base names of the fonts whose programs are embedded in ``pdf``.

    Subset prefixes are dropped (``ABCDEF+Noto-Sans-CJK-SC`` → ``Noto-Sans-CJK-SC``).
    Fonts are looked up in every page's resources and in the form XObjects they use.
    """
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    names: set[str] = set()
    seen: set[int] = set()
    for page in reader.pages:
        _collect_fonts(page.get("/Resources"), names, seen)
    return names


def has_cjk_font(pdf: bytes) -> bool:
    return any(_CJK_NAME.search(name) for name in embedded_fonts(pdf))


def require_cjk_font(pdf: bytes) -> None:
    """Raise ``MissingCJKFont`` unless a CJK font is embedded in ``pdf``."""
    if not has_cjk_font(pdf):
        raise MissingCJKFont()


def _resolve(value):
    return value.get_object() if value is not None and hasattr(value, "get_object") else value


def _collect_fonts(resources, names: set[str], seen: set[int]) -> None:
    resources = _resolve(resources)
    if not resources or id(resources) in seen:
        return
    seen.add(id(resources))
    fonts = _resolve(resources.get("/Font")) or {}
    for font in fonts.values():
        font = _resolve(font)
        for candidate in [font, *(_resolve(d) for d in _resolve(font.get("/DescendantFonts"))
                                  or [])]:
            descriptor = _resolve(candidate.get("/FontDescriptor"))
            if descriptor and any(key in descriptor for key in _FONT_FILE_KEYS):
                names.add(str(candidate.get("/BaseFont", "")).lstrip("/").split("+")[-1])
    for xobject in (_resolve(resources.get("/XObject")) or {}).values():
        xobject = _resolve(xobject)
        if xobject.get("/Subtype") == "/Form":
            _collect_fonts(xobject.get("/Resources"), names, seen)


# --------------------------------------------------------------------------------------
# HTTP


def pdf_response(pdf: bytes, *, filename: str, ascii_filename: str,
                 inline: bool = False) -> HttpResponse:
    """An ``application/pdf`` response saving as ``filename`` (RFC 6266 / RFC 5987).

    ``ascii_filename`` is the fallback for clients that do not read ``filename*``.
    """
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    fallback = re.sub(r'[^A-Za-z0-9._-]', "_", ascii_filename)
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
    )
    response["Content-Length"] = str(len(pdf))
    return response
