"""The data flow from raw files to the processed document table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .clean import clean_corpus
from .io import load_corpus, write_table
from .tokenize import count_words

__all__ = ["build_documents", "read_lexicons", "analyse_partition"]


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


def read_lexicons() -> dict:
    """The lexicons shipped with the package, keyed by measure family (e.g. ``'framing'``).

    Examples
    --------
    >>> sorted(read_lexicons())
    ['framing']
    """
    from .measures.framing import read_framing_lexicon

    return {"framing": read_framing_lexicon()}


def _sorted(frame: pd.DataFrame, extra: list[str] | None = None) -> pd.DataFrame:
    # A stable sort on doc_id (then the given columns) makes every output
    # independent of how the corpus was cut into batches.
    keys = ["doc_id"] + [c for c in (extra or []) if c in frame.columns]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def analyse_partition(corpus: pd.DataFrame, lexicons: dict | None = None) -> dict[str, pd.DataFrame]:
    """Run every stage, from raw text to the measure table, on one batch of documents.

    This is the single entry point the batch engines (:mod:`corpus_analysis.scale`)
    call: a batch never depends on another batch, so the corpus can be cut
    anywhere and the results concatenated.

    Parameters
    ----------
    corpus : pandas.DataFrame
        Raw documents as returned by :func:`corpus_analysis.io.load_corpus`:
        ``doc_id``, metadata columns and ``raw_text``.
    lexicons : dict, optional
        Lexicons keyed by family (see :func:`read_lexicons`); default: the
        shipped ones.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``documents`` (one row per document: metadata, ``title``, ``text``,
        ``words``, ...), ``removed`` (one row per removed span), ``evidence``
        (one row per lexicon hit) and ``measures`` (one row per document,
        ``doc_id`` first, every per-document measure as a column), each
        sorted by ``doc_id``.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "raw_text": [
    ...     "Menu\\nOfficials in Kyiv and in Kiev said the talks would resume on Monday."]})
    >>> out = analyse_partition(corpus)
    >>> out["measures"][["doc_id", "words", "kyiv_mentions", "kyiv_share"]].values.tolist()
    [['a', 13, 2, 0.5]]
    >>> out["removed"]["rule"].tolist()
    ['short_line']
    """
    from .measures.framing import find_toponyms, score_variant_shares
    from .measures.readability import score_readability

    lexicons = read_lexicons() if lexicons is None else lexicons
    documents, removed = clean_corpus(corpus)
    # Offsets are integers even when a batch removed nothing, so that every
    # Parquet part of the table has the same schema.
    removed = removed.astype({c: "int64" for c in ("line", "start", "end") if c in removed.columns})
    documents["words"] = documents["text"].map(count_words).astype("int64")
    measures = documents[["doc_id", "words"]].copy()

    readability = score_readability(documents)
    measures = measures.merge(readability, on="doc_id", how="left", validate="one_to_one")

    evidence = find_toponyms(documents, lexicons["framing"])
    shares = score_variant_shares(evidence, documents, lexicons["framing"])
    wide = shares.pivot(index="doc_id", columns="group",
                        values=["preferred_mentions", "mentions", "share"])
    # One column per group and quantity, named <group>_<quantity> (kyiv_share).
    wide.columns = [f"{group}_{quantity}" for quantity, group in wide.columns]
    groups = list(lexicons["framing"]["toponyms"])
    ordered = [f"{g}_{q}" for g in groups for q in ("preferred_mentions", "mentions", "share")]
    wide = wide.reindex(columns=ordered).reset_index()
    for column in ordered:
        wide[column] = wide[column].astype("float64" if column.endswith("_share") else "int64")
    measures = measures.merge(wide, on="doc_id", how="left", validate="one_to_one")

    return {"documents": _sorted(documents), "removed": _sorted(removed, ["start"]),
            "evidence": _sorted(evidence, ["start", "measure", "group", "variant"]),
            "measures": _sorted(measures)}
