"""What a user reads on a page: the text between tags, without scripts, styles, attributes
or code, and the English words in it (issue 11, item 5: "Chinese everywhere")."""

import re
from html.parser import HTMLParser

# Words that are Chinese usage or names of formats and standards, not untranslated English.
ALLOWED = frozenset({
    "PDF", "API", "Excel", "Word", "ID", "IDs", "ZIP", "CSV", "JSON", "TOML", "XML", "URL",
    "QR", "OpenAPI", "HTTP", "HTTPS", "UTC", "SHA", "WAV", "MP", "DOCX", "XLSX", "KB", "MB",
    "GB", "TB", "KiB", "MiB", "GiB", "WebAuthn", "Ed", "OK", "Android", "iOS", "Windows",
    "Swagger", "Merkle", "Django", "Sanxiang", "TSA", "RFC", "GB/T", "ISO", "AI", "Wi",
    "Fi", "App", "APP", "USB", "SD", "SM", "MD", "hash", "vs",
    # The command line and the calendar package are named as they are typed.
    "sanxiang", "FILE", "chinesecalendar",
})
# Rule IDs (R-CASE-05), legal codes and identifiers are shown as they are.
RULE_ID = re.compile(r"\b[A-Z]+(?:-[A-Z0-9]+)+\b|\[\[[a-z_]+\]\]")
WORD = re.compile(r"(?<![A-Za-z0-9_./@#:-])[A-Za-z]{2,}(?![A-Za-z0-9_@/-])")
SKIPPED_TAGS = {"script", "style", "code", "pre", "textarea", "svg", "template"}
# Elements whose text is data (numbers, codes, file names, user input), not wording.
DATA_CLASSES = {"code", "filename", "digest", "mono", "hash"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is its text skipped
        self.chunks: list[str] = []

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area", "base"}

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skipped = (tag in SKIPPED_TAGS or bool(classes & DATA_CLASSES)
                   or bool(self.stack and self.stack[-1]))
        self.stack.append(skipped)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.chunks.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.chunks).split())


def english_words(html: str, *, also_allowed=frozenset()) -> list[str]:
    text = RULE_ID.sub(" ", visible_text(html))
    return sorted({w for w in WORD.findall(text) if w not in ALLOWED | also_allowed})


def english_in_context(html: str, width: int = 30, *, also_allowed=frozenset()) -> list[str]:
    """Each English word with the text around it, for a readable failure. ``also_allowed``:
    words that are data here (the account names shown after a person's name)."""
    text = RULE_ID.sub(" ", visible_text(html))
    found = []
    for match in WORD.finditer(text):
        if match.group() not in ALLOWED | also_allowed:
            found.append(text[max(0, match.start() - width): match.end() + width])
    return found
