"""Legal bases as structured references: 《法名》第N条第M款第K项.

A basis is stored as a list of ``{"law", "article", "paragraph", "item"}`` so that the case
issues can cite it and the portal can search it; people write and read it as text, which
``parse`` and ``format_bases`` turn into each other without loss.
"""

import re

from django.utils.translation import gettext as _

NUMERAL = r"[0-9一二三四五六七八九十百千零〇两]+"
REFERENCE = re.compile(
    rf"《(?P<law>[^《》]+)》\s*(?:(?P<article>第{NUMERAL}条(?:之{NUMERAL})?))?\s*"
    rf"(?:(?P<paragraph>第{NUMERAL}款))?\s*(?:(?P<item>第{NUMERAL}项))?"
)
SEPARATORS = re.compile(r"[；;\n]+")
KEYS = ("law", "article", "paragraph", "item")


class BasisError(ValueError):
    pass


def parse(text: str) -> list[dict]:
    """The references in ``text``; every part must be a 《law》 with optional article."""
    references = []
    for part in SEPARATORS.split(text or ""):
        part = part.strip().rstrip("，,、。")
        if not part:
            continue
        match = REFERENCE.fullmatch(part)
        if match is None:
            raise BasisError(_("“%(text)s” is not a legal reference; write it as "
                               "《中华人民共和国安全生产法》第九十七条第一款.") % {"text": part})
        reference = {key: (match.group(key) or "").strip() for key in KEYS}
        if reference not in references:
            references.append(reference)
    return references


def check(references) -> list[dict]:
    """Validate references given as data (the API, the actions)."""
    if not isinstance(references, list):
        raise BasisError(_("The legal basis must be a list of references."))
    checked = []
    for reference in references:
        if isinstance(reference, str):
            checked.extend(parse(reference))
            continue
        if not isinstance(reference, dict) or not str(reference.get("law", "")).strip():
            raise BasisError(_("Every legal reference needs the name of the law."))
        unknown = set(reference) - set(KEYS)
        if unknown:
            raise BasisError(_("Unknown parts of a legal reference: %(keys)s.")
                             % {"keys": "、".join(sorted(unknown))})
        normal = {key: str(reference.get(key) or "").strip() for key in KEYS}
        normal["law"] = normal["law"].strip("《》")
        checked.extend(parse(format_bases([normal])))
    return checked


def format_reference(reference: dict) -> str:
    return "《{law}》{article}{paragraph}{item}".format(
        **{key: reference.get(key, "") for key in KEYS})


def format_bases(references) -> str:
    return "；".join(format_reference(r) for r in references or [])
