import pandas as pd
import pytest

from corpus_analysis.errors import LexiconError
from corpus_analysis.measures.framing import (find_toponyms, read_framing_lexicon, score_group_shares,
                                              score_variant_shares)


@pytest.fixture(scope="module")
def lexicon():
    return read_framing_lexicon()


def docs(**texts):
    return pd.DataFrame({"doc_id": list(texts), "text": list(texts.values())})


def kyiv_row(text, lexicon):
    d = docs(a=text)
    table = score_variant_shares(find_toponyms(d, lexicon), d, lexicon)
    return table[table["group"] == "kyiv"].iloc[0]


def test_kiev_twice_kyiv_once_gives_one_third(lexicon):
    row = kyiv_row("Kiev said no. Officials in Kiev agreed. Kyiv replied.", lexicon)
    assert (row["preferred_mentions"], row["mentions"]) == (1, 3)
    assert row["share"] == pytest.approx(1 / 3)


@pytest.mark.parametrize("text, kyiv, kiev", [
    ("Kyiv's push and Kyiv’s allies.", 2, 0),          # possessives, straight and curly
    ("A Kyiv-based analyst and pro-Kyiv forces.", 1, 0),  # compound counts; prefix "pro-" is not the place name
    ("The Kyiv Post reported from Kiev.", 0, 1),        # newspaper name excluded
    ("Kievan Rus was a state. We ate chicken Kiev.", 0, 0),  # historical state and dish excluded
    ("KYIV is shouted; kyiv in lower case.", 0, 0),     # case-sensitive: only the capitalised name
    ("Kyivstar and Kievskaya are not the city.", 0, 0),  # longer words are not matches
])
def test_toponym_rules(lexicon, text, kyiv, kiev):
    evidence = find_toponyms(docs(a=text), lexicon)
    counts = evidence["variant"].value_counts()
    assert (counts.get("Kyiv", 0), counts.get("Kiev", 0)) == (kyiv, kiev)


def test_no_mention_gives_empty_share_not_zero(lexicon):
    row = kyiv_row("Moscow and Ankara met.", lexicon)
    assert row["mentions"] == 0 and pd.isna(row["share"])


def test_evidence_rows_point_at_the_matched_text(lexicon):
    text = "Talks began. Kiev said Kyiv."
    evidence = find_toponyms(docs(a=text), lexicon)
    for row in evidence.itertuples():
        assert text[row.start:row.end] == row.matched
        assert row.sentence == "Kiev said Kyiv."


def test_tables_equal_filters_of_the_evidence(lexicon):
    d = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
                      "text": ["Kiev and Kyiv.", "Kyiv, Kyiv, Kiev.", "No capital here."]})
    evidence = find_toponyms(d, lexicon)
    per_doc = score_variant_shares(evidence, d, lexicon)
    for row in per_doc.itertuples():
        hits = evidence[(evidence["doc_id"] == row.doc_id) & (evidence["group"] == row.group)]
        assert row.mentions == len(hits)
        assert row.preferred_mentions == (hits["variant"] == row.preferred).sum()
    per_outlet = score_group_shares(per_doc[per_doc["group"] == "kyiv"], d).set_index("outlet")
    assert per_outlet.loc["X", "share"] == pytest.approx(3 / 5)
    assert per_outlet.loc["Y", "mentions"] == 0 and pd.isna(per_outlet.loc["Y", "share"])


@pytest.mark.parametrize("content, message", [
    ("toponyms: [unclosed", "not valid YAML at line 1"),
    ("- just a list\n", "expected a mapping"),
    ("other: {}\n", "no 'toponyms' section"),
    ("toponyms:\n  kyiv:\n    preferred: Kyiv\n    variants:\n      Kyiv: {forms: [Kyiv], rationale: r, source: s}\n",
     "toponyms.kyiv: needs 'variants' with at least two"),
    ("toponyms:\n  kyiv:\n    preferred: Kyiv\n    variants:\n      Kyiv: {forms: [Kyiv], rationale: r, source: s}\n"
     "      Kiev: {forms: [Kiev], rationale: r}\n", "toponyms.kyiv.variants.Kiev: missing 'source'"),
    ("toponyms:\n  kyiv:\n    preferred: Kiew\n    variants:\n      Kyiv: {forms: [Kyiv], rationale: r, source: s}\n"
     "      Kiev: {forms: [Kiev], rationale: r, source: s}\n", "'preferred' must name one of its variants"),
])
def test_malformed_lexicon_names_file_and_entry(tmp_path, content, message):
    path = tmp_path / "framing.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        read_framing_lexicon(path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_canonical_names_are_the_same_read_from_the_cache(monkeypatch):
    # _canonical keeps each name's canonical form per lexicon: the first and
    # later reads, and reads after the cache restarts, give _canonical_name.
    from corpus_analysis.lexicon import compile_once
    from corpus_analysis.measures import framing

    compiled = compile_once(framing._compile, read_framing_lexicon())
    names = ["Ukrainian President Volodymyr Zelensky", "Kremlin spokesman Dmitry Peskov", "Prime Minister",
             "Foreign Minister Jean Dupont", "Putin's", "Peskov", "Russian Defence Minister Ivan Petrov"]
    monkeypatch.setattr(framing, "_CANONICAL_CACHE_SIZE", 3)
    for _ in range(3):
        for name in names:
            assert framing._canonical(name, compiled) == framing._canonical_name(name, compiled)
            assert len(compiled.canonical) <= 3
    assert framing._canonical("Ukrainian President Volodymyr Zelensky", compiled) == "Zelenskyy"
    assert framing._canonical("Prime Minister", compiled) == ""  # a role, not a name
