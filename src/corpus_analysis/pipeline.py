"""The data flow from raw files to the processed document table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .clean import clean_corpus
from .io import load_corpus, write_table
from .tokenize import count_words

__all__ = ["build_documents"]


def build_documents(raw_dir: str | Path, metadata_path: str | Path | None = None,
                    out_dir: str | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load, validate and clean a corpus; optionally write the processed tables.

    Parameters
    ----------
    raw_dir : str or Path
        Folder of raw documents.
    metadata_path : str or Path, optional
        Metadata CSV; without it every outlet is 'unknown'.
    out_dir : str or Path, optional
        Where to write ``documents.parquet`` and ``removed_spans.csv``.

    Returns
    -------
    documents, removed : pandas.DataFrame
        One row per document (``doc_id`` first, with ``title``, ``text`` and
        ``words``), and one row per removed span.
    """
    corpus = load_corpus(raw_dir, metadata_path)
    documents, removed = clean_corpus(corpus)
    documents["words"] = documents["text"].map(count_words).astype("int64")
    if out_dir is not None:
        write_table(documents, Path(out_dir) / "documents.parquet")
        write_table(removed, Path(out_dir) / "removed_spans.csv")
    return documents, removed
