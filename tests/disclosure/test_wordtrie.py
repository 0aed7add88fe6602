"""The trie-shaped cue pattern matches what the plain alternation matched (R-PUB-05)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sanxiang.disclosure.wordtrie import trie_pattern

WORDS = ["其母", "其母亲", "证人", "证明人", "员工", "员", "住", "住址", "家庭住址", "a.b"]


def test_the_longest_word_wins_like_a_sorted_alternation_R_PUB_05():
    trie = re.compile(trie_pattern(WORDS))
    plain = re.compile("|".join(map(re.escape, sorted(WORDS, key=len, reverse=True))))
    for text in ("其母亲张某", "其母王某", "证明人李", "员工", "员甲", "家庭住址：", "a.b", "axb"):
        assert [m.span() for m in trie.finditer(text)] == \
            [m.span() for m in plain.finditer(text)], text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="其母亲证人明员工住址家庭甲", max_size=30))
def test_fuzz_trie_and_alternation_find_the_same_spans_R_PUB_05(text):
    trie = re.compile(trie_pattern(WORDS))
    plain = re.compile("|".join(map(re.escape, sorted(WORDS, key=len, reverse=True))))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
