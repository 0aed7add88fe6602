"""What a masking test asks of a text: which spans were proposed, whether a value is hidden
(every character but blanks and breaks covered by a span, and gone from the masked text) or
left untouched. Shared by the round tests from round 13 on."""

from sanxiang.disclosure import masking


def found(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(text[r.start : r.end], r.kind) for r in masking.propose(text, **kwargs)]


def hidden(text: str, value: str, kind: str | None = None, **kwargs) -> bool:
    """Every character of ``value`` (but blanks and breaks) is covered by spans of ``kind``
    (any kind when None) and gone from the masked text."""
    at = text.index(value)
    spans = masking.propose(text, **kwargs)
    covered = all(
        ch.isspace() or any(r.start <= at + i < r.end and kind in (None, r.kind) for r in spans)
        for i, ch in enumerate(value)
    )
    return covered and value.replace("\n", "") not in masking.mask(text, spans).replace("\n", "")


def untouched(text: str, value: str, **kwargs) -> bool:
    return value in masking.mask(text, masking.propose(text, **kwargs))
