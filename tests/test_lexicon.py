"""Reading the YAML lexicons: the fast loader gives what PyYAML's safe loader gives."""

import pytest
import yaml

from corpus_analysis.lexicon import LexiconError, default_lexicon_path, load_yaml


@pytest.mark.parametrize("name", ["framing", "hedging", "cleaning", "claims"])
def test_shipped_lexicons_read_as_the_safe_loader_reads_them(name):
    path = default_lexicon_path(name)
    assert load_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", ["when: 2024-03-01\nyes_no: [yes, no, on, off]\nn: 1e3\nnull_value: ~\n",
                                  "anchors:\n  base: &b {a: 1}\n  copy: *b\n"])
def test_scalars_and_anchors_read_as_the_safe_loader_reads_them(tmp_path, text):
    path = tmp_path / "lexicon.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_yaml(path) == yaml.safe_load(text)


@pytest.mark.parametrize("text", ["labels:\n  strongman: [a, b\n", "toponyms: [unclosed", "a: 1\n  b: 2\n"])
def test_broken_yaml_names_the_line_the_safe_loader_names(tmp_path, text):
    path = tmp_path / "framing.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(yaml.YAMLError) as expected:
        yaml.safe_load(text)
    line = expected.value.problem_mark.line + 1
    with pytest.raises(LexiconError, match=rf"framing.yaml: not valid YAML at line {line}, "):
        load_yaml(path)


def test_empty_file_is_no_mapping(tmp_path):
    path = tmp_path / "hedging.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(LexiconError, match="expected a mapping"):
        load_yaml(path)


def test_a_lexicon_edited_in_place_is_compiled_again():
    # find_framing / find_hedges reuse the compiled lexicon across batches:
    # an edit to the same dict object must not be served the old patterns.
    import copy

    import pandas as pd

    from corpus_analysis.measures.framing import find_framing, read_framing_lexicon

    lexicon = copy.deepcopy(read_framing_lexicon())
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Talks in Kyiv and Kiev."]})
    assert find_framing(docs, lexicon, measures=("toponym",))["variant"].tolist() == ["Kyiv", "Kiev"]
    lexicon["toponyms"]["kyiv"]["variants"]["Kiev"]["forms"].remove("Kiev")
    lexicon["toponyms"]["kyiv"]["variants"]["Kiev"]["forms"].append("Kyjiw")
    assert find_framing(docs, lexicon, measures=("toponym",))["variant"].tolist() == ["Kyiv"]


# ---------------------------------------------------------------- phrase scan

import re  # noqa: E402

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from corpus_analysis.lexicon import matches_from, phrase_starts, trie_regex  # noqa: E402

_PHRASES = ["a", "a source said", "to", "to some extent", "it's possible", "so-called", "Kyiv", "Kyiv region",
            "special military operation", "may", "maybe", "de-Nazify", "Kyïv", "2022 talks"]


def _piece(char):
    return r"\s+" if char == " " else "['’]" if char == "'" else re.escape(char)


# Patterns shaped as the measures write theirs: hedging's look-behind and
# look-ahead, and framing's word boundary with no letter or digit after.
_PATTERNS = [re.compile(rf"(?<![\w-])(?:{trie_regex(_PHRASES, _piece)})(?![\w]|-\w)"),
             re.compile(rf"\b(?:{trie_regex(_PHRASES, _piece)})(?![^\W_])")]

_SCAN_TEXT = st.lists(st.one_of(
    st.sampled_from(_PHRASES),
    st.sampled_from(["special", "military", "operation", "2022", "talks", "source", "said", "some", "extent",
                     "region", "Kyivstar", "mayor", "s"]),
    st.sampled_from([" ", " ", "  ", "   ", " " * 6, " " * 7, "\n\n", "\t", " \n", "\x1c", "\xa0", "\u2009",
                     "\u3000", "_", "-", "é", "ï", "Киев", ",", ".", "?", "’", "'", "“", "5"]),
    st.characters(blacklist_categories=("Cs",))), max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(_SCAN_TEXT)
@example("special  military operation")
@example("special   military operation")
@example("special\xa0military operation")
@example("special\u2009\u2009 \xa0\t\nmilitary operation")
@example("special       military operation")
@example("special?military operation")
@example("x_special military operation")
def test_a_pattern_tried_at_the_phrase_starts_finds_what_finditer_finds(text):
    scan = phrase_starts(_PHRASES)
    starts = scan.starts(text)
    for pattern in _PATTERNS:
        expected = [m.span() for m in pattern.finditer(text)]
        if starts is not None:
            assert [m.span() for m in matches_from(pattern, text, starts)] == expected


def test_the_phrase_scan_vouches_for_ordinary_text_and_not_for_what_it_cannot_read():
    scan = phrase_starts(_PHRASES)
    text = "It’s possible, a source said.\n\nTalks in Kyiv region (2022 talks) may resume; Kyivstar"
    starts = scan.starts(text)
    assert starts is not None
    found = ["a source said", "Kyiv region", "2022 talks", "may"]
    assert [m.group() for m in _PATTERNS[0].finditer(text)] == found
    assert [m.group() for m in matches_from(_PATTERNS[0], text, starts)] == found
    # White space of any kind, up to six characters, between a phrase's words.
    for other in ["a   source said", "a\xa0source said", "a\u2009\n\nsource said", "a \t    source said"]:
        assert [m.group() for m in matches_from(_PATTERNS[0], other, scan.starts(other))] == [other]
    # Longer runs of spaces, or of characters beyond ASCII: the scan cannot tell.
    assert scan.starts("a       source said") is None and scan.starts("Речь шла о мире") is None
    # A phrase that starts with no ASCII letter or digit: no scan.
    assert phrase_starts(["«Kyiv»"]) is None and phrase_starts(["Éire"]) is None

