"""Bootstrap intervals (reproducibility, coverage, small-sample flags) and permutation tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corpus_analysis.compare import bootstrap_rate, bootstrap_share, compare_permutation, count_sentence_hits
from corpus_analysis.errors import CorpusError


def test_count_sentence_hits_puts_each_hit_in_its_sentence():
    text = "Rain fell on Lisbon. Lisbon and Porto flooded.\n\nPorto recovered."
    docs = pd.DataFrame({"doc_id": ["a"], "text": [text]})
    starts = [text.index("Lisbon"), text.index("Lisbon and"), text.index("Porto flooded"), text.index("Porto rec")]
    evidence = pd.DataFrame({"doc_id": ["a"] * 4, "start": starts, "variant": ["L", "L", "P", "P"]})
    table = count_sentence_hits(docs, evidence, evidence["variant"] == "P")
    # Sentences: "Rain fell on Lisbon." (4 words, 1 hit), "Lisbon and Porto flooded." (4 words, 2 hits,
    # one of them P), "Porto recovered." (2 words, 1 hit, P).
    assert table[["sentence", "words", "mentions", "hits"]].values.tolist() == [[0, 4, 1, 0], [1, 4, 2, 1],
                                                                               [2, 2, 1, 1]]
    with pytest.raises(CorpusError, match="not in documents"):
        count_sentence_hits(docs, pd.DataFrame({"doc_id": ["b"], "start": [0]}))


def _synthetic(n_outlets: int, n_docs: int, n_sent: int, rate: float, doc_sd: float, seed: int):
    """Sentences with a known hit rate; each document has its own rate (lognormal, mean 1 x rate)."""
    rng = np.random.default_rng(seed)
    mult = np.exp(rng.normal(-doc_sd ** 2 / 2, doc_sd, (n_outlets, n_docs)))
    words = rng.integers(10, 31, (n_outlets, n_docs, n_sent))
    hits = rng.poisson(rate * mult[:, :, None] * words)
    doc = np.repeat(np.arange(n_outlets * n_docs), n_sent)
    sentences = pd.DataFrame({"doc_id": [f"d{i:05d}" for i in doc], "mentions": hits.ravel(), "words": words.ravel()})
    documents = pd.DataFrame({"doc_id": [f"d{i:05d}" for i in range(n_outlets * n_docs)],
                              "outlet": [f"o{i:03d}" for i in np.repeat(np.arange(n_outlets), n_docs)]})
    return sentences, documents


def test_bootstrap_is_reproducible_with_a_seed():
    sentences, documents = _synthetic(3, 4, 6, 0.05, 0.3, seed=1)
    first = bootstrap_rate(sentences, documents, n_boot=300, seed=42)
    again = bootstrap_rate(sentences, documents, n_boot=300, seed=42)
    pd.testing.assert_frame_equal(first, again)
    assert (first["seed"] == 42).all() and (first["n_boot"] == 300).all()
    other = bootstrap_rate(sentences, documents, n_boot=300, seed=43)
    assert not np.allclose(first["ci_low"], other["ci_low"])
    # A group's interval does not depend on which other groups are in the table.
    subset = sentences[sentences["doc_id"].isin(documents.loc[documents["outlet"] == "o001", "doc_id"])]
    alone = bootstrap_rate(subset, documents, n_boot=300, seed=42)
    pd.testing.assert_frame_equal(alone[alone["outlet"] == "o001"].reset_index(drop=True),
                                  first[first["outlet"] == "o001"].reset_index(drop=True))
    # The outlets left without sentences are still listed, with no estimate.
    assert alone.loc[alone["outlet"] != "o001", "estimate"].isna().all()


def test_bootstrap_rate_covers_a_known_rate_about_95_percent_of_the_time():
    # 300 independent replications of a 12-document outlet whose true rate is
    # 20 per 1,000 words (documents vary around it); each replication is one
    # "outlet" of the table, so one vectorised call does them all.
    sentences, documents = _synthetic(300, 12, 15, 0.02, 0.3, seed=7)
    table = bootstrap_rate(sentences, documents, n_boot=400, seed=11)
    covered = ((table["ci_low"] <= 20) & (20 <= table["ci_high"])).mean()
    # Two-stage resampling is slightly conservative; 300 replications give a
    # standard error of about 1.3 points around the true coverage.
    assert 0.90 <= covered <= 0.99
    # The intervals are not trivially wide: on average within +-40% of the rate.
    assert ((table["ci_high"] - table["ci_low"]).mean()) < 0.8 * 20


def test_estimate_and_counts_are_the_pooled_values():
    sentences = pd.DataFrame({"doc_id": ["a", "a", "b"], "mentions": [1, 2, 3], "words": [100, 100, 200]})
    documents = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"]})
    row = bootstrap_rate(sentences, documents, n_boot=200).iloc[0]
    # 1000 * (1 + 2 + 3) / 400 = 15 per 1,000 words.
    assert row["estimate"] == pytest.approx(15.0)
    assert (row["documents"], row["sentences"], row["mentions"], row["words"]) == (2, 3, 6, 400)
    assert row["ci_low"] <= 15 <= row["ci_high"]
    assert not row["small_sample"]


def test_small_samples_are_flagged_with_the_reason():
    sentences = pd.DataFrame({"doc_id": ["a", "a", "b", "c", "c"], "hits": [1, 0, 1, 2, 3],
                              "mentions": [1, 1, 1, 2, 4]})
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"]})
    table = bootstrap_share(sentences, documents, n_boot=200, seed=5).set_index("outlet")
    # X: two documents but 3 mentions; Y: one document with 6 mentions.
    assert table.loc["X", "estimate"] == pytest.approx(2 / 3)
    assert table.loc["X", "small_sample_reason"] == "fewer than 5 mentions"
    assert table.loc["Y", "estimate"] == pytest.approx(5 / 6)
    assert table.loc["Y", "small_sample_reason"] == "one document"
    assert table["small_sample"].all()
    # With one document only sentences are resampled: the interval still has width.
    assert table.loc["Y", "ci_low"] < table.loc["Y", "ci_high"]


def test_a_group_without_text_stays_in_the_table():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "text": ["Kiev fell. Rain.", ""]})
    evidence = pd.DataFrame({"doc_id": ["a"], "start": [0]})
    table = bootstrap_rate(count_sentence_hits(docs, evidence), docs, n_boot=200).set_index("outlet")
    assert table.loc["X", "estimate"] == pytest.approx(1000 / 3)
    assert table.loc["Y", "documents"] == 0 and pd.isna(table.loc["Y", "estimate"])
    assert table.loc["Y", "small_sample_reason"] == "no text (1 empty document(s))"


def test_bootstrap_rejects_too_few_replicates():
    sentences = pd.DataFrame({"doc_id": ["a"], "mentions": [1], "words": [10]})
    with pytest.raises(CorpusError, match="n_boot"):
        bootstrap_rate(sentences, pd.DataFrame({"doc_id": ["a"], "outlet": ["X"]}), n_boot=10)


def test_permutation_p_value_exact_and_monte_carlo():
    # Four documents, two per outlet: X has 10 hits per 100 words in each, Y none.
    # Of the 6 ways to split 4 documents into 2 + 2, two (the observed one and
    # its mirror) give a difference as large as |100 per 1,000|: exact p = 2/6.
    sentences = pd.DataFrame({"doc_id": list("abcd"), "mentions": [10, 10, 0, 0], "words": [100] * 4})
    documents = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["X", "X", "Y", "Y"]})
    row = compare_permutation(sentences, documents, n_perm=999, seed=9).iloc[0]
    assert row["difference"] == pytest.approx(100.0)
    assert (row["p_value"], row["method"], row["n_perm"]) == (pytest.approx(1 / 3), "exact", 6)
    assert not row["small_sample"]
    # Fewer random relabellings than distinct ones: Monte Carlo, close to 1/3, seeded.
    row = compare_permutation(sentences, documents, n_perm=5, seed=9).iloc[0]
    assert row["method"] == "monte carlo" and row["seed"] == 9
    big = compare_permutation(sentences, documents, n_perm=5, seed=9).iloc[0]
    assert big["p_value"] == row["p_value"]
    # Five draws of six equally likely splits: p = (1 + k) / 6 with k ~ Binomial(5, 1/3).
    assert row["p_value"] in {(1 + k) / 6 for k in range(6)}


def test_monte_carlo_p_value_approaches_the_exact_one():
    # Six documents per outlet: 924 distinct splits, listed exactly with n_perm >= 924.
    sentences = pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(12)],
                              "mentions": [5, 7, 4, 6, 9, 3, 4, 2, 5, 3, 6, 1], "words": [100] * 12})
    documents = pd.DataFrame({"doc_id": sentences["doc_id"], "outlet": ["X"] * 6 + ["Y"] * 6})
    exact = compare_permutation(sentences, documents, n_perm=1000).iloc[0]
    approx = compare_permutation(sentences, documents, n_perm=900, seed=4).iloc[0]
    assert (exact["method"], exact["n_perm"], approx["method"]) == ("exact", 924, "monte carlo")
    assert 0.0 < exact["p_value"] < 1.0
    # Monte Carlo standard error is at most sqrt(0.25 / 900) = 0.017; allow 4 of them.
    assert approx["p_value"] == pytest.approx(exact["p_value"], abs=0.07)


def test_permutation_detects_a_real_difference_and_not_a_null_one():
    sentences, documents = _synthetic(2, 10, 10, 0.02, 0.2, seed=3)
    # Double the rate of outlet o001.
    is_o1 = sentences["doc_id"].isin(documents.loc[documents["outlet"] == "o001", "doc_id"])
    boosted = sentences.assign(mentions=np.where(is_o1, sentences["mentions"] * 3, sentences["mentions"]))
    assert compare_permutation(boosted, documents, n_perm=2000, seed=1)["p_value"].iloc[0] < 0.01
    assert compare_permutation(sentences, documents, n_perm=2000, seed=1)["p_value"].iloc[0] > 0.01


def test_sentence_words_by_voice():
    # Sentence 1: 'He said "we may agree" today.' -> 3 words quoted, 3 outside.
    # Sentence 2: 'It may rain.' -> 3 outside.
    docs = pd.DataFrame({"doc_id": ["a"], "text": ['He said "we may agree" today. It may rain.']})
    ev = pd.DataFrame({"doc_id": ["a", "a"], "start": [12, 33]})
    journalist = count_sentence_hits(docs, ev, voice="journalist")
    quoted = count_sentence_hits(docs, ev, voice="quoted")
    assert journalist["words"].tolist() == [3, 3]
    assert quoted["words"].tolist() == [3, 0]
    assert count_sentence_hits(docs, ev)["words"].tolist() == [6, 3]
