"""Shortcuts in framing's reading of quotations find what the plain regexes find."""

import re

from hypothesis import given, settings, strategies as st

from corpus_analysis.measures.framing import (_ACCORDING_BEFORE_QUOTE, _LEAD_BEFORE_QUOTE, _PUNCTUATION_AT_END,
                                              _comma_before_mark, _compile, _last_words, _lead_word_start,
                                              read_framing_lexicon)

COMPILED = _compile(read_framing_lexicon())

_PIECES = ["said", "Peskov", "according to", "According to Kremlin sources", "told", "x", "9", "_", "é", " ", "  ",
           "\n", "\t", "\u00a0", ":", ",", ".", "!", "…", ";", "-", "'", "’", '"', "“", "„", "«", "»", "”"]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=25).map("".join)


def _same(a: re.Match | None, b: re.Match | None) -> bool:
    return (a is None) == (b is None) and (a is None or (a.span(), a.groups()) == (b.span(), b.groups()))


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_lead_word_search_from_its_start_finds_what_a_full_search_finds(before):
    at = _lead_word_start(before)
    plain = _LEAD_BEFORE_QUOTE.search(before)
    assert _same(_LEAD_BEFORE_QUOTE.search(before, at) if at is not None else None, plain)


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_according_is_searched_only_where_it_can_match(before):
    if not _comma_before_mark(before):
        assert _ACCORDING_BEFORE_QUOTE.search(before) is None


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_last_character_test_is_the_punctuation_regex(inner):
    assert (inner.rstrip()[-1:] in _PUNCTUATION_AT_END) == bool(re.search(r"[.,!?…;:]\s*$", inner))


def test_lead_word_on_hand_written_text():
    assert _lead_word_start('He told reporters: "') == len("He told ")
    assert _lead_word_start('He said , “') == len("He ")
    assert _lead_word_start('in Kyiv. "') is None
    assert _lead_word_start('Peskov said "\n') == len("Peskov ")


_LEFT_PIECES = ["Putin", "Vladimir Putin", "Putin's", "Russia", "Kremlin", "Lukashenko", "pro-Putin", "Putinism",
                "the", "a", "strongman", "is", "was", "of", "by", "regime", "x_y", "well-known", "_", "-", "’s", "'s",
                " ", "  ", "\n", ",", ".", ":", "é", "9"]
_LEFTS = st.lists(st.sampled_from(_LEFT_PIECES), max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(_LEFTS)
def test_label_patterns_with_a_name_match_only_where_a_name_is_found(left):
    if COMPILED.actor_names.search(left) is None:
        for name in ("possessive", "before", "apposition"):
            assert COMPILED.label_patterns[name].search(left) is None


@settings(max_examples=500, deadline=None)
@given(_LEFTS)
def test_last_words_are_the_last_two_runs_of_the_whole_text(left):
    assert _last_words(left) == re.findall(r"[\w-]+", left)[-2:]
