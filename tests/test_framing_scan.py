"""The one-scan lexicon matching finds exactly what one whole-word regex per group finds."""

import re

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from corpus_analysis.measures.framing import (_SECTIONS, _compile, _group_hits, _lexicon_hits, _longest,
                                              find_framing, read_framing_lexicon)

LEXICON = read_framing_lexicon()
COMPILED = _compile(LEXICON)
MEASURES = tuple(_SECTIONS.values())


def _whole_word(pattern: re.Pattern) -> re.Pattern:
    # The group pattern with its word-start condition as a lookbehind.
    return re.compile(r"(?<![^\W_])(?<!-)" + pattern.pattern)


def reference_hits(text: str) -> dict:
    # One finditer per group, as written before the one-scan matching.
    found = {}
    for measure, groups in COMPILED.groups.items():
        hits = []
        for group in groups:
            excluded = [m.span() for m in _whole_word(group.exclusions).finditer(text)] if group.exclusions else []
            for m in _whole_word(group.pattern).finditer(text):
                if not any(s <= m.start() and m.end() <= e for s, e in excluded):
                    hits.append((m.start(), m.end(), group.name,
                                 group.variant_of[re.sub(r"\s+", " ", m.group())]))
        found[measure] = _longest(hits)
    return found


_PIECES = sorted({form for groups in COMPILED.groups.values() for g in groups for form in g.variant_of}
                 | {p for groups in COMPILED.groups.values() for g in groups for p in g.excluded_phrases})
_GLUE = [" ", "  ", "\n", "\n\n", "-", "_", "'s ", "’", ", ", ". ", '"', "x", "9", "é", "\t", ""]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.sampled_from(_GLUE),
                          st.sampled_from(_PIECES).map(str.lower), st.sampled_from(_PIECES).map(str.upper),
                          st.sampled_from(_PIECES).map(lambda p: p.replace(" ", "\n  "))),
                max_size=30).map("".join))
def test_one_scan_finds_what_one_regex_per_group_finds(text):
    assert _lexicon_hits(text, COMPILED, MEASURES) == reference_hits(text)


@pytest.mark.parametrize("text", [
    "pro-Kyiv Kyiv_Kiev _Kiev Kiev's Kiev-based Kievan Rus in Kyiv Post",
    "the alleged attack, he alleged. The alleged said; She said: Said said",
    "a special  military\noperation, not a military operation; World War II and a war",
])
def test_one_scan_on_hand_written_text(text):
    assert _lexicon_hits(text, COMPILED, MEASURES) == reference_hits(text)
    for measure, groups in COMPILED.groups.items():
        assert _lexicon_hits(text, COMPILED, MEASURES)[measure] == \
            _longest([h for g in groups for h in _group_hits(g, text)])


def test_only_the_measures_asked_for_are_found():
    text = "Kiev said the strongman lied."
    found = _lexicon_hits(text, COMPILED, ("toponym",))
    assert list(found) == ["toponym"] and [h[3] for h in found["toponym"]] == ["Kiev"]
    ev = find_framing(pd.DataFrame({"doc_id": ["a"], "text": [text]}), LEXICON, measures=("label", "toponym"))
    assert sorted(ev["measure"]) == ["label", "toponym"]


# --- the words around a hit --------------------------------------------------

from corpus_analysis.measures.evidence import TextIndex  # noqa: E402
from corpus_analysis.tokenize import tokenize_words  # noqa: E402

_TEXTS = st.lists(st.sampled_from(list("ab U.S 1,2-'’\"“”\n.?!_é") + ["Mr.", "Kyiv", "said", "No. ", "  "]),
                  max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.data())
def test_words_around_a_place_are_the_words_of_the_whole_text(text, data):
    index = TextIndex(text)
    words = tokenize_words(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    limit = data.draw(st.one_of(st.none(), st.integers(0, 8)))
    expected = [t for t in words if start <= t.start < end]
    assert index.words_between(start, end, limit) == (expected if limit is None else expected[:limit])
    # Walking back from a place to the start of its sentence (or the text).
    span = index.sentence_span_at(end)
    first = span[0] if span else 0
    assert list(index.words_before(end, first)) == [t for t in reversed(words) if first <= t.start < end]
    word = data.draw(st.sampled_from(["a", "b", "ab", "U.S", "Kyiv", "said", "é"]))
    assert index.has_word(word) == (word in {t.text for t in words})
    assert index.has_word(word) == (word in {t.text for t in index.tokens})


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.sampled_from(_GLUE),
                          st.sampled_from(_PIECES).map(lambda p: p.replace(" ", "\n  "))),
                max_size=30).map("".join))
def test_matches_looked_up_by_candidate_text_equal_matching_each_pattern(text):
    # _lexicon_hits looks up what the patterns match at a candidate by its
    # text when every lexicon string is words joined by single spaces; the
    # other way (for any other lexicon) tries each pattern on the text.
    import dataclasses

    assert COMPILED.scan.plain_strings
    each_pattern = dataclasses.replace(COMPILED, scan=dataclasses.replace(COMPILED.scan, plain_strings=False))
    assert _lexicon_hits(text, COMPILED, MEASURES) == _lexicon_hits(text, each_pattern, MEASURES)


def _longest_plain(hits):
    # _longest without its shortcut for hits that do not overlap.
    kept = []
    for hit in sorted(hits, key=lambda h: (-(h[1] - h[0]), h[0], h[2], h[3])):
        if all(hit[1] <= k[0] or hit[0] >= k[1] for k in kept):
            kept.append(hit)
    return sorted(kept)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6), st.sampled_from(["a", "b"]),
                          st.sampled_from(["x", "y"])).map(lambda h: (h[0], h[0] + h[1], h[2], h[3])),
                max_size=8))
def test_longest_keeps_what_the_greedy_choice_keeps(hits):
    assert _longest(list(hits)) == _longest_plain(hits)
