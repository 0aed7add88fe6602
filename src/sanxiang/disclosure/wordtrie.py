"""A regular expression for a list of words, shaped as a trie (R-PUB-05 masking speed).

Python's ``re`` tries the alternatives of ``a|b|c…`` one after another at every position of
the text; with 180 cue words that is most of the masker's time. The same words as a trie —
``其(?:母亲?|父亲?|妻子?)|证(?:人|明人)…`` — leave one branch to try per character, and the
longest word still wins (an optional tail is greedy): 其母亲 before 其母.
"""

from __future__ import annotations

import re

try:  # a dependency (pyproject.toml); the trie pattern stands in where it is missing
    from ahocorasick_rs import AhoCorasick, Implementation, MatchKind
except ImportError:  # pragma: no cover
    AhoCorasick = Implementation = MatchKind = None


def trie_pattern(words) -> str:
    """A pattern (no group) matching any of ``words``, longest first."""
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node(trie)


def _node(node: dict) -> str:
    branches = [re.escape(char) + _node(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word ends here: what follows is optional, and greedy
        return ("(?:" + body + ")?") if len(branches) == 1 else body + "?"
    return body


class WordScan:
    """The leftmost-longest, non-overlapping occurrences of ``words`` in a text: what
    ``re.compile(trie_pattern(words)).finditer`` finds, in the same order.

    ``re`` walks every top-level alternative of the trie at each position whose character
    starts a word (≈ 140 alternatives for the name cues, a failed one does not stop the
    walk); an Aho–Corasick automaton (``ahocorasick_rs``, Rust) reads each character once.
    Without the package the trie pattern does the same work.
    """

    __slots__ = ("_automaton", "_pattern", "words")

    def __init__(self, words):
        self.words = tuple(sorted({word for word in words if word}))
        self._pattern = re.compile(trie_pattern(self.words))
        self._automaton = None if AhoCorasick is None else AhoCorasick(
            self.words, matchkind=MatchKind.LeftmostLongest,
            implementation=Implementation.DFA)  # a few hundred states; fastest measured alone

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each occurrence, left to right."""
        if self._automaton is None:
            return [m.span() for m in self._pattern.finditer(text)]
        return [(start, end) for _word, start, end in
                self._automaton.find_matches_as_indexes(text)]
