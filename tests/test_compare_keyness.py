"""Keyness on a toy two-outlet corpus, with every expected value worked by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from corpus_analysis.compare import compare_g2, compare_log_odds, count_evidence_terms, count_terms
from corpus_analysis.errors import CorpusError

# Outlet X: "The war, the war ended."  -> the 2, war 2, ended 1      (n_X = 5)
# Outlet Y: "The peace. The talks."    -> the 2, peace 1, talks 1    (n_Y = 4)
# Corpus: the 4, war 2, ended 1, peace 1, talks 1                     (N = 9)
DOCS = pd.DataFrame({"doc_id": ["x1", "y1"], "outlet": ["X", "Y"],
                     "text": ["The war, the war ended.", "The peace. The talks."]})


def row(table: pd.DataFrame, outlet: str, term: str) -> pd.Series:
    return table[(table["outlet"] == outlet) & (table["term"] == term)].iloc[0]


def test_count_terms_lowercases_and_counts_per_outlet():
    counts = count_terms(DOCS)
    assert counts.columns.tolist() == ["outlet", "term", "count", "documents"]
    assert dict(zip(counts["term"][counts["outlet"] == "X"], counts["count"][counts["outlet"] == "X"])) == \
        {"ended": 1, "the": 2, "war": 2}
    assert counts.loc[counts["outlet"] == "Y", "count"].sum() == 4


def test_documents_behind_each_count_are_carried_to_the_keyness_table():
    docs = pd.DataFrame({"doc_id": ["x1", "x2", "y1"], "outlet": ["X", "X", "Y"],
                         "text": ["War war war.", "War and peace.", "Peace talks."]})
    table = compare_g2(count_terms(docs))
    assert (row(table, "X", "war")["count"], row(table, "X", "war")["documents"]) == (4, 2)
    assert (row(table, "X", "talks")["count"], row(table, "X", "talks")["documents"]) == (0, 0)
    assert "documents" in compare_log_odds(count_terms(docs)).columns


def test_log_odds_corpus_prior_hand_worked():
    # alpha0 = 9 = N, so alpha_w is the corpus count: alpha_war = 9 * 2/9 = 2.
    # war in X against Y (Monroe et al. 2008, eq. 16):
    #   delta = ln((2 + 2) / (5 + 9 - 2 - 2)) - ln((0 + 2) / (4 + 9 - 0 - 2))
    #         = ln(4/10) - ln(2/11) = ln(2.2) = 0.788457
    #   var   = 1/(2 + 2) + 1/(0 + 2) = 0.75;  z = 0.788457 / 0.866025 = 0.910432
    table = compare_log_odds(count_terms(DOCS))  # default alpha0 = corpus size
    war = row(table, "X", "war")
    assert war["prior"] == pytest.approx(2.0)
    assert war["log_odds"] == pytest.approx(math.log(2.2))
    assert war["se"] == pytest.approx(math.sqrt(0.75))
    assert war["z"] == pytest.approx(0.910432, abs=1e-6)
    # The mirror image: war in Y against X has the opposite sign.
    assert row(table, "Y", "war")["z"] == pytest.approx(-0.910432, abs=1e-6)
    # Ranked by z within each outlet: X's most distinctive words come first.
    assert table[table["outlet"] == "X"]["z"].is_monotonic_decreasing


def test_log_odds_prior_strength_shrinks_z():
    # alpha0 = 18: alpha_war = 18 * 2/9 = 4.
    #   delta = ln(6 / (5 + 18 - 2 - 4)) - ln(4 / (4 + 18 - 4)) = ln(6/17) - ln(4/18) = 0.462624
    #   var = 1/6 + 1/4;  z = 0.462624 / 0.645497 = 0.716693  (smaller than with alpha0 = 9)
    war = row(compare_log_odds(count_terms(DOCS), alpha0=18), "X", "war")
    assert war["log_odds"] == pytest.approx(0.462624, abs=1e-6)
    assert war["z"] == pytest.approx(0.716693, abs=1e-6)


def test_log_odds_reference_prior_hand_worked():
    # Reference list + half a count per term of either list:
    #   the 6, war 2, ended 1, peace 1, talks 1  -> total 11, pi_war = 2/11.
    # alpha0 = 11 -> alpha_war = 2.
    #   delta = ln(4 / (5 + 11 - 4)) - ln(2 / (4 + 11 - 2)) = ln(13/6) = 0.773190
    reference = pd.DataFrame({"term": ["the", "war", "ended", "peace", "talks"], "count": [5.5, 1.5, 0.5, 0.5, 0.5]})
    war = row(compare_log_odds(count_terms(DOCS), prior=reference, alpha0=11), "X", "war")
    assert war["prior"] == pytest.approx(2.0)
    assert war["log_odds"] == pytest.approx(math.log(13 / 6))
    assert war["z"] == pytest.approx(math.log(13 / 6) / math.sqrt(0.75))


def test_log_odds_reference_without_a_corpus_word_stays_finite():
    table = compare_log_odds(count_terms(DOCS), prior={"the": 100}, alpha0=50)
    assert table["z"].notna().all() and (table["z"].abs() < float("inf")).all()


def test_g2_and_log_ratio_hand_worked():
    table = compare_g2(count_terms(DOCS))
    # war: a = 2, b = 0, c = 5, d = 4.  E1 = 5 * 2 / 9 = 10/9.
    #   G2 = 2 * (2 ln(2 / (10/9)) + 0) = 4 ln 1.8 = 2.351147
    #   log ratio (0 -> 0.5) = log2((2/5) / (0.5/4)) = log2 3.2 = 1.678072
    war = row(table, "X", "war")
    assert war["expected"] == pytest.approx(10 / 9)
    assert war["g2"] == pytest.approx(4 * math.log(1.8))
    assert war["log_ratio"] == pytest.approx(math.log2(3.2))
    assert war["direction"] == "over"
    assert war["p_value"] == pytest.approx(math.erfc(math.sqrt(4 * math.log(1.8) / 2)))
    # the: a = 2, b = 2.  E1 = 20/9, E2 = 16/9.
    #   G2 = 2 * (2 ln(0.9) + 2 ln(1.125)) = 4 ln(1.0125) = 0.049690
    #   log ratio = log2((2/5) / (2/4)) = log2 0.8 = -0.321928 (X uses it less)
    the = row(table, "X", "the")
    assert the["g2"] == pytest.approx(4 * math.log(1.0125))
    assert the["log_ratio"] == pytest.approx(math.log2(0.8))
    assert the["direction"] == "under"
    # G2 of a two-way split is the same seen from either side.
    assert row(table, "Y", "war")["g2"] == pytest.approx(war["g2"])


def test_g2_of_equal_use_is_zero():
    counts = pd.DataFrame({"outlet": ["X", "X", "Y", "Y"], "term": ["a", "b", "a", "b"], "count": [5, 5, 10, 10]})
    table = compare_g2(counts)
    assert (table["g2"] == 0).all() and (table["direction"] == "equal").all()
    assert (table["p_value"] == 1).all()


def test_lexicon_keyness_uses_words_not_hits_as_size():
    evidence = pd.DataFrame({"doc_id": ["x1", "x1", "y1"], "group": ["city"] * 3, "variant": ["Old", "Old", "New"]})
    docs = pd.DataFrame({"doc_id": ["x1", "y1"], "outlet": ["X", "Y"], "words": [100, 300]})
    counts = count_evidence_terms(evidence, docs)
    assert counts.values.tolist() == [["X", "city:New", 0, 0, 100], ["X", "city:Old", 2, 1, 100],
                                      ["Y", "city:New", 1, 1, 300], ["Y", "city:Old", 0, 0, 300]]
    # city:Old in X: a = 2, b = 0, c = 100, d = 300; E1 = 100 * 2 / 400 = 0.5;
    #   G2 = 2 * 2 ln(2 / 0.5) = 4 ln 4 = 5.545177
    old = row(compare_g2(counts), "X", "city:Old")
    assert old["g2"] == pytest.approx(4 * math.log(4))
    groups = count_evidence_terms(evidence, docs, level="group")
    assert groups["count"].tolist() == [2, 1]


def test_bad_inputs_raise_corpus_errors():
    with pytest.raises(CorpusError, match="at least two"):
        compare_g2(pd.DataFrame({"outlet": ["X"], "term": ["a"], "count": [1]}))
    with pytest.raises(CorpusError, match="missing column"):
        compare_log_odds(pd.DataFrame({"outlet": ["X"], "count": [1]}))
    with pytest.raises(CorpusError, match="alpha0"):
        compare_log_odds(count_terms(DOCS), alpha0=0)
    with pytest.raises(CorpusError, match="not in documents"):
        count_evidence_terms(pd.DataFrame({"doc_id": ["zz"], "group": ["g"], "variant": ["v"]}),
                             DOCS.assign(words=[5, 4]))
