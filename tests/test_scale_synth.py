"""The synthetic corpus generator: deterministic, and shaped like news pages."""

import numpy as np
import pandas as pd

from corpus_analysis.pipeline import analyse_partition
from corpus_analysis.tokenize import split_sentences
from corpus_analysis.pipeline import read_lexicons
from corpus_analysis.synth import OUTLETS, generate_corpus, iter_corpus, lexicon_terms, write_corpus


def test_same_seed_same_corpus_other_seed_other_corpus():
    a = generate_corpus(20, seed=5)
    pd.testing.assert_frame_equal(a, generate_corpus(20, seed=5))
    assert not a["text"].equals(generate_corpus(20, seed=6)["text"])


def test_a_slice_does_not_depend_on_batches_or_start():
    whole = generate_corpus(9, seed=5)
    batched = pd.concat(iter_corpus(9, seed=5, batch_size=4), ignore_index=True)
    pd.testing.assert_frame_equal(whole, batched)
    tail = generate_corpus(3, seed=5, start=6)
    pd.testing.assert_frame_equal(whole.iloc[6:].reset_index(drop=True), tail)


def test_written_files_are_byte_identical(tmp_path):
    for suffix in (".parquet", ".jsonl", ".csv"):
        first = write_corpus(tmp_path / f"a{suffix}", 6, seed=2, batch_size=4).read_bytes()
        assert first == write_corpus(tmp_path / f"b{suffix}", 6, seed=2, batch_size=4).read_bytes()
    assert pd.read_parquet(tmp_path / "a.parquet")["doc_id"].tolist() == [f"synth-{i:07d}" for i in range(6)]


def test_megabytes_limit_stops_after_the_document_that_reaches_it(tmp_path):
    path = write_corpus(tmp_path / "c.jsonl", megabytes=0.02, seed=2, batch_size=3)
    sizes = pd.read_json(path, lines=True)["text"].map(lambda t: len(t.encode("utf-8")))
    assert sizes.sum() >= 20_000 and sizes.iloc[:-1].sum() < 20_000


def test_text_has_news_like_statistics_lexicon_terms_and_junk():
    corpus = generate_corpus(60, seed=1)
    assert set(corpus["outlet"]) <= set(OUTLETS)
    assert corpus["published"].str.fullmatch(r"20(1[89]|2[0-4])-\d\d-\d\d").all()
    out = analyse_partition(corpus.rename(columns={"text": "raw_text"}))
    words = " ".join(out["documents"]["text"]).split()
    assert 4.0 < np.mean([len(w.strip(",.?“”")) for w in words]) < 6.5
    sentences = sum(len(split_sentences(t)) for t in out["documents"]["text"])
    assert 12 < len(words) / sentences < 30
    # Every shipped lexicon spelling (framing, hedging, cleaning cues) occurs
    # somewhere in a corpus large enough for the rarest of them (generation only).
    text = "\n".join(generate_corpus(1500, seed=1)["text"])
    missing = [term for term in lexicon_terms(read_lexicons()) if term not in text]
    assert missing == []
    assert out["measures"]["kyiv_mentions"].sum() > 0
    assert {"short_line", "title"} <= set(out["removed"]["rule"])
    assert (out["measures"]["words"] > 50).all()


def _framing():
    from corpus_analysis.measures.framing import read_framing_lexicon

    return read_framing_lexicon()
