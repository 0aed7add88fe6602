"""Chinese text → search tokens, the same way for documents and for queries.

``words(text)``  rjieba in search mode ("中华人民共和国安全生产法" → 中华 华人 人民 共和 共和国
                 中华人民共和国 安全 生产 安全生产 法), after normalising: NFKC (full-width →
                 half-width), lower case, punctuation and symbols dropped, stop characters
                 (的 了 和 …) dropped.
``bigrams(text)`` overlapping character pairs of every CJK run ("安全生产法" → 安全 全生 生产
                 产法); a single CJK character stands for itself.

A document is indexed under both; a query matches its words (all of them) OR its bigrams
(all of them). The words carry the dictionary's knowledge; the bigrams catch what the
dictionary splits differently in the document and in the query (docs/adr/0005-search.md).
"""

import re
import threading
import unicodedata

import rjieba

# Enforcement terms the general dictionary does not hold as words. Search mode still emits
# their parts, so "安全生产" yields 安全, 生产 and 安全生产.
DOMAIN_WORDS = (
    "安全生产", "行政执法", "行政处罚", "行政许可", "行政强制", "行政检查", "行政征收",
    "行政征用", "行政收费", "行政确认", "行政奖励", "行政裁决", "执法证", "执法人员",
    "执法主体", "生产经营单位", "危险化学品", "特种设备", "消防安全", "食品安全",
    "市场监管", "应急管理", "责令改正", "责令停产停业", "吊销许可证", "没收违法所得",
    "首违不罚", "轻微不罚", "裁量基准", "法制审核", "集体讨论", "双随机", "统一社会信用代码",
)

# Characters that carry no meaning on their own in this corpus.
STOP_CHARACTERS = frozenset("的了和与及或是在对等其之为由于并将把被以而且个有也就都所该此从向")

# A run of CJK ideographs (the unified block and extension A, plus the compatibility block).
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

_local = threading.local()


def _segmenter() -> rjieba.Jieba:
    # One dictionary per thread: building it takes ~0.1 s, and a private instance keeps our
    # domain words out of the process-wide default other code may use.
    segmenter = getattr(_local, "segmenter", None)
    if segmenter is None:
        segmenter = rjieba.Jieba()
        for word in DOMAIN_WORDS:
            segmenter.add_word(word, None, None)
        _local.segmenter = segmenter
    return segmenter


def normalise(text: str) -> str:
    """NFKC, lower case, and every character that is not a letter or digit → a space."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(
        ch if unicodedata.category(ch)[0] in "LN" else " " for ch in text
    )


def words(text: str) -> list[str]:
    """Search-mode segmentation of ``text`` (normalised first), without stop characters."""
    clean = normalise(text)
    return [
        token for token in (t.strip() for t in _segmenter().cut_for_search(clean))
        if token and token not in STOP_CHARACTERS
    ]


def bigrams(text: str) -> list[str]:
    """Overlapping pairs of characters of each CJK run of the normalised ``text``."""
    pairs = []
    for run in _CJK_RUN.findall(normalise(text)):
        if len(run) == 1:
            if run not in STOP_CHARACTERS:
                pairs.append(run)
            continue
        pairs.extend(run[i:i + 2] for i in range(len(run) - 1))
    return pairs


def document_tokens(text: str) -> str:
    """What the index stores for a text: its words and its bigrams, space-joined."""
    return " ".join(words(text) + bigrams(text))
