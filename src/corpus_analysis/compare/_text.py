"""Small text helpers shared by the compare stage: input checks, sentence tables, TF-IDF."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import CorpusError
from ..tokenize import count_words, split_sentences, tokenize_words


def require_columns(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    """Raise :class:`CorpusError` naming the table and the missing columns."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CorpusError(f"{name}: missing column(s) {', '.join(missing)}; found {', '.join(map(str, frame.columns))}. "
                          "Pass the table produced by the earlier stage, or rename the columns.")


def words_lower(text: str) -> list[str]:
    """Lowercased word tokens (the vocabulary every compare function uses)."""
    return [t.text.lower() for t in tokenize_words(text)]


def sentence_table(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence: doc_id, sentence (0-based), start, end, words, text."""
    rows = []
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        for i, (start, end) in enumerate(split_sentences(text)):
            rows.append((doc_id, i, start, end, count_words(text[start:end]), text[start:end]))
    frame = pd.DataFrame(rows, columns=["doc_id", "sentence", "start", "end", "words", "text"])
    return frame.astype({"sentence": "int64", "start": "int64", "end": "int64", "words": "int64"})


def tfidf_matrix(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised TF-IDF rows for ``texts`` (dense; the compare stage uses it on one event at a time).

    Sublinear term frequency ``1 + ln(tf)`` and smoothed inverse document
    frequency ``ln((1 + n) / (1 + df)) + 1`` (Manning, Raghavan & Schütze 2008,
    *Introduction to Information Retrieval*, 6.2-6.4; the smoothing is the one
    scikit-learn uses), so that words shared by every text weigh least.
    """
    tokens = [words_lower(t) for t in texts]
    vocabulary = {w: i for i, w in enumerate(sorted({w for ts in tokens for w in ts}))}
    matrix = np.zeros((len(texts), len(vocabulary)))
    for row, ts in enumerate(tokens):
        for w in ts:
            matrix[row, vocabulary[w]] += 1
    df = (matrix > 0).sum(axis=0)
    idf = np.log((1 + len(texts)) / (1 + df)) + 1
    with np.errstate(divide="ignore"):
        tf = np.where(matrix > 0, 1 + np.log(np.where(matrix > 0, matrix, 1)), 0.0)
    weighted = tf * idf
    norms = np.linalg.norm(weighted, axis=1, keepdims=True)
    return np.divide(weighted, norms, out=np.zeros_like(weighted), where=norms > 0)


def cosine_matrix(texts: Sequence[str]) -> np.ndarray:
    """Pairwise TF-IDF cosine similarities of ``texts`` (1 on the diagonal for non-empty texts)."""
    vectors = tfidf_matrix(texts)
    return vectors @ vectors.T
