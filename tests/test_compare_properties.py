"""Properties of the compare stage that must hold for any input."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_analysis.compare import compare_g2, compare_log_odds, extract_claims, find_shared_passages
from corpus_analysis.compare._text import words_lower

WORDS = ["war", "peace", "talks", "Kyiv", "drones", "12", "three", "people", "killed", "in", "Porto", "on",
         "Monday", "said", "Mayor", "Ana", "Lima", "at", "least", "$5", "million", "July", "4,", "2025", "."]
texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=40).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", "d"]), st.integers(0, 30)), min_size=1, max_size=8),
       st.lists(st.tuples(st.sampled_from(["a", "b", "c", "d"]), st.integers(0, 30)), min_size=1, max_size=8))
def test_two_group_keyness_is_antisymmetric(x_counts, y_counts):
    counts = pd.DataFrame([("X", t, c) for t, c in x_counts] + [("Y", t, c) for t, c in y_counts],
                          columns=["outlet", "term", "count"])
    totals = counts.groupby("outlet")["count"].sum()
    if (totals == 0).any():
        return
    log_odds = compare_log_odds(counts).set_index(["outlet", "term"])
    g2 = compare_g2(counts).set_index(["outlet", "term"])
    for term in counts["term"].unique():
        # With two groups, "X against the rest" is "Y against the rest" turned round.
        assert log_odds.loc[("X", term), "z"] == pytest.approx(-log_odds.loc[("Y", term), "z"], nan_ok=True)
        used = counts.groupby("term")["count"].sum()
        # Undefined only for a term no one uses, or one that is every word used.
        assert pd.notna(log_odds.loc[("X", term), "z"]) or used[term] == 0 or (used > 0).sum() == 1
        assert g2.loc[("X", term), "g2"] == pytest.approx(g2.loc[("Y", term), "g2"], abs=1e-9)
        assert g2.loc[("X", term), "g2"] >= 0


@settings(max_examples=80, deadline=None)
@given(texts)
def test_claims_point_at_their_own_text(text):
    claims = extract_claims(pd.DataFrame({"doc_id": ["d"], "text": [text]}))
    for row in claims.itertuples():
        assert text[row.start:row.end] == row.matched
        assert row.low <= row.high or row.kind != "number"
    # Claims never overlap one another.
    spans = sorted(zip(claims["start"], claims["end"]))
    assert all(e <= s for (_, e), (s, _) in zip(spans, spans[1:]))


@settings(max_examples=60, deadline=None)
@given(texts, texts, texts)
def test_shared_passages_are_in_both_texts(left, middle, right):
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": [left + " " + middle, middle + " " + right]})
    for row in find_shared_passages(docs, n=3).itertuples():
        assert docs["text"][0][row.start:row.end] == row.passage
        assert docs["text"][1][row.other_start:row.other_end] == row.other_passage
        # The same words on both sides (case and punctuation between words may differ).
        assert words_lower(row.passage) == words_lower(row.other_passage)
        assert len(words_lower(row.passage)) == row.passage_words >= 3
        assert 0 < row.jaccard <= row.containment <= 1
