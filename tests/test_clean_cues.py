"""Shortcuts in cue matching never change which blocks a cue matches."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_analysis.clean import _pattern_prefilter, _prefix_regex, read_cleaning_lexicon

LEXICON = read_cleaning_lexicon()
PATTERNS = [cue.regex for cue in LEXICON.cues if cue.regex is not None]


@pytest.mark.parametrize("pattern, texts", [
    (r"\bcookies? (?:policy|settings)\b", ["Our COOKIE policy", "cookie settings"]),
    (r"foo\d+bar|(?:baz)+", ["foo12bar", "bazbaz"]),
    (r"(?=.*\bnewsletter\b)\byou\b", ["You get our Newsletter"]),
    (r"\(c\)\s*\d{4}", ["(C) 2024"]),
])
def test_prefilter_lets_matches_through(pattern, texts):
    regex = re.compile(pattern, re.IGNORECASE)
    prefilter = _pattern_prefilter(regex)
    assert prefilter is not None
    for text in texts:
        assert regex.search(text) and prefilter.search(text.lower())
    assert not prefilter.search("the ferry terminal opens in spring")


def test_prefilter_is_none_when_it_cannot_help():
    # Anchored at the start, or no literal string required.
    assert _pattern_prefilter(re.compile(r"^share\b")) is None
    assert _pattern_prefilter(re.compile(r"\d+[a-z]+")) is None
    assert _pattern_prefilter(re.compile(r"foo|\w+")) is None
    # Anchored, but a lookahead reads the whole text: worth a prefilter.
    assert _pattern_prefilter(re.compile(r"^(?=.*\bnews)\w")).search("the news") is not None


def test_prefilter_respects_case_insensitive_non_ascii_letters():
    # Case-insensitive KELVIN SIGN matches an ASCII k: no string is required of it.
    regex = re.compile("\u212aelvin", re.IGNORECASE)
    prefilter = _pattern_prefilter(regex)
    assert regex.search("kelvin") and (prefilter is None or prefilter.search("kelvin"))
    # A sign no ASCII text holds: the pattern can never match ASCII text.
    regex = re.compile("x©|y©")
    assert _pattern_prefilter(regex).search("x y (c)") is None


WORDS = sorted({w for p in PATTERNS for w in re.findall(r"[a-z]{2,}", p.pattern)}
               | {"Ana", "Lopez", "Kyiv", "2024", "(c)", "©", "|", ":", "/", "-", "?", "!", ".", "  ", "says:"})


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=10), st.sampled_from(["", " ", ".", ":"]),
       st.booleans())
def test_prefilter_never_rules_out_a_match(words, end, upper):
    text = " ".join(words) + end
    if upper:
        text = text.title()
    if not text.isascii():
        return
    for regex in PATTERNS:
        prefilter = _pattern_prefilter(regex)
        if regex.search(text):
            assert prefilter is None or prefilter.search(text.lower()), (regex.pattern, text)


PREFIXES = [cue.phrases for cue in LEXICON.cues if cue.kind == "prefix"]


@settings(max_examples=1000, deadline=None)
@given(st.integers(0, len(PREFIXES) - 1), st.data(),
       st.sampled_from(["", ":", " :", " | x", "- x", "—x", " » more", "x", " x", "s: x", ";"]))
def test_prefix_pattern_equals_phrase_test(index, data, rest):
    phrases = PREFIXES[index]
    folded = data.draw(st.sampled_from(sorted(phrases))) + rest
    expected = any(folded == p or (folded.startswith(p) and re.match(r"\s*[:;|\-–—>»]", folded[len(p):]))
                   for p in phrases)
    assert (_prefix_regex(phrases).match(folded) is not None) == expected
