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
        assert regex.search(text) and prefilter.admits(text.lower())
    assert not prefilter.admits("the ferry terminal opens in spring")


def test_prefilter_is_none_when_it_cannot_help():
    # Anchored at the start, or no literal string required.
    assert _pattern_prefilter(re.compile(r"^share\b")) is None
    assert _pattern_prefilter(re.compile(r"\d+[a-z]+")) is None
    assert _pattern_prefilter(re.compile(r"foo|\w+")) is None
    # Anchored, but a lookahead reads the whole text: worth a prefilter.
    assert _pattern_prefilter(re.compile(r"^(?=.*\bnews)\w")).admits("the news")


def test_prefilter_respects_case_insensitive_non_ascii_letters():
    # Case-insensitive KELVIN SIGN matches an ASCII k: no string is required of it.
    regex = re.compile("\u212aelvin", re.IGNORECASE)
    prefilter = _pattern_prefilter(regex)
    assert regex.search("kelvin") and (prefilter is None or prefilter.admits("kelvin"))
    # A sign no ASCII text holds: the pattern can never match ASCII text.
    regex = re.compile("x©|y©")
    assert not _pattern_prefilter(regex).admits("x y (c)")


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
            assert prefilter is None or prefilter.admits(text.lower()), (regex.pattern, text)


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


def test_ascii_case_variants_are_all_the_characters_an_ascii_letter_matches():
    import sys

    from corpus_analysis.clean import _ASCII_CASE_VARIANTS

    ascii_any_case = re.compile("[\x00-\x7f]", re.IGNORECASE)
    others = "".join(map(chr, range(128, sys.maxunicode + 1)))
    assert set(ascii_any_case.findall(others)) == set(_ASCII_CASE_VARIANTS.findall(others))


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.text(alphabet="abcé ", max_size=5), max_size=6), st.text(alphabet="abcé ", max_size=12))
def test_trie_finds_what_any_of_its_strings_finds(strings, text):
    from corpus_analysis.clean import _trie

    strings = [s for s in strings if s] or ["x"]
    assert bool(re.search(_trie(strings), text)) == any(s in text for s in strings)


def reference_match(block, lexicon):
    """The first matching cue, every cue tested as the lexicon describes it."""
    from corpus_analysis.clean import _fold, _is_button_row, _looks_like_name_line

    folded = _fold(block.text)
    for cue in lexicon.cues:
        if cue.max_words is not None and len(block.words) > cue.max_words:
            continue
        if cue.kind == "line":
            hit = folded in cue.phrases
        elif cue.kind == "prefix":
            hit = any(folded == p or folded.startswith(p) and re.match(r"\s*[:;|\-–—>»]", folded[len(p):])
                      for p in cue.phrases)
        elif cue.kind == "words":
            hit = _is_button_row(folded, cue)
        else:
            hit = bool(cue.regex.search(block.text))
        if hit and (cue.field != "byline" or _looks_like_name_line(block)):
            return cue
    return None


PHRASES = sorted(p for cue in LEXICON.cues for p in cue.phrases)
PROSE = ["the", "ferry", "Said", "officials", "In", "Kyiv", "on", "Monday", "2024", "(c)", "©", "|", "/", ":",
         "—", "•", "“quoted”", "it’s", "Café", "ſign", "\u212aelvin", "İstanbul", "photo", "via", "with", "is a",
         "writer", "cookies", "you", "our", "newsletter", "Reuters", "AFP", "says:", "12", "comments", "(", ")"]
PIECES = st.one_of(st.sampled_from(PHRASES), st.sampled_from(WORDS), st.sampled_from(PROSE))


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=70), st.sampled_from(["", ".", ":", "!", " |", ")"]),
       st.sampled_from(["as is", "title", "upper", "capitalize"]))
def test_match_cue_finds_the_cue_every_test_finds(pieces, end, case):
    from corpus_analysis.clean import _blocks, _match_cue

    text = " ".join(pieces) + end
    text = text if case == "as is" else getattr(text, case)()
    for block in _blocks(text, LEXICON.stopwords["en"]):
        assert _match_cue(block, LEXICON) == reference_match(block, LEXICON), block.text


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="ab .!?…:'\"”’»)]\n", max_size=12))
def test_sentence_and_ellipsis_ends_equal_their_expressions(text):
    from corpus_analysis.clean import _ELLIPSES, _ELLIPSIS_END, _SENTENCE_ENDS, _TERMINAL, _ends

    assert _ends(text, _SENTENCE_ENDS) == bool(_TERMINAL.search(text))
    assert _ends(text, _ELLIPSES) == bool(_ELLIPSIS_END.search(text))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.text(alphabet="ab c", min_size=1, max_size=4)), min_size=1,
                max_size=40), st.text(alphabet="ab c", max_size=30))
def test_prefilter_admits_a_text_holding_one_of_its_strings(strings, text):
    # Few strings are looked for with `in`, more with one expression: either
    # way a text is admitted when it starts with an anchored string or holds another.
    from corpus_analysis.clean import _prefilter

    expected = any(text.startswith(s) if anchored else s in text for anchored, s in strings)
    assert _prefilter(frozenset(strings)).admits(text) == expected


def test_prefilter_with_many_strings_uses_one_expression():
    import itertools

    from corpus_analysis.clean import _FEW_STRINGS, _prefilter

    many = [(False, "".join(p)) for p in itertools.product("abc", repeat=3)]
    assert len(many) > _FEW_STRINGS
    prefilter = _prefilter(frozenset(many))
    assert prefilter.anywhere is not None and not prefilter.few
    assert prefilter.admits("x cab x") and not prefilter.admits("ab ba cc")
    few = _prefilter(frozenset(many[:3]))
    assert few.anywhere is None and few.few
    assert few.admits("xaacx") and not few.admits("cab")


# Pieces of expressions: an optional character or group at the start, and a
# literal text before a group of words, are read as strings at the start.
REGEX_PIECES = ["^", r"\(?", r"\(", "x?", "(?:ab )?", "(?:with|via)", "(?:ab|c|)", "ab", " ", r"\w+", "[ab]",
                ".*", "(?:a|b)?", r"\b", "$"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(REGEX_PIECES), min_size=1, max_size=6), st.booleans(), st.data())
def test_prefilter_admits_every_match_of_optional_starts_and_word_groups(pieces, ignore_case, data):
    import re._parser

    from corpus_analysis.clean import _prefilter, _required_strings

    regex = re.compile("".join(pieces), re.IGNORECASE if ignore_case else 0)
    # The strings, also of patterns anchored at the start (which get no prefilter).
    strings = _required_strings(re._parser.parse(regex.pattern, regex.flags), regex.flags, True)
    if strings is None:
        return
    prefilter = _prefilter(strings)
    text = data.draw(st.from_regex(regex, alphabet=st.sampled_from("abcxwithvA(W )")))
    assert regex.search(text)
    assert prefilter.admits(text.lower()), (regex.pattern, text, prefilter)


def test_prefilter_reads_optional_starts_and_word_groups_as_strings_at_the_start():
    import re._parser

    from corpus_analysis.clean import _required_strings

    regex = re.compile(r"^\(?(?:with|via) \w+", re.IGNORECASE)
    assert _required_strings(re._parser.parse(regex.pattern, regex.flags), regex.flags, True) == frozenset(
        {(True, "with"), (True, "via"), (True, "(with"), (True, "(via")})
    # The credit cue no longer admits every block holding "with".
    credit = next(cue for cue in LEXICON.cues if cue.id == "credit")
    assert not _pattern_prefilter(credit.regex).admits("talks went on with both sides in the room")
