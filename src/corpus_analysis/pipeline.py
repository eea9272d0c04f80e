"""The data flow from raw files to the processed document table."""

from __future__ import annotations

import contextlib
import gc
import threading
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

from .clean import clean_corpus
from .io import load_corpus, write_table
from .measures.evidence import shared_text_indexes, text_index

__all__ = ["build_documents", "read_lexicons", "analyse_partition"]


def build_documents(raw_dir: str | Path, metadata_path: str | Path | None = None,
                    out_dir: str | Path | None = None,
                    lexicon_dir: str | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load, validate, clean and measure a corpus; optionally write the processed tables.

    Parameters
    ----------
    raw_dir : str or Path
        Folder of raw documents.
    metadata_path : str or Path, optional
        Metadata CSV; without it every outlet is 'unknown'.
    out_dir : str or Path, optional
        Where to write ``documents.parquet``, ``removed_spans.csv``,
        ``evidence.parquet`` (and ``.csv``: one row per lexicon hit) and
        ``measures.parquet`` (and ``.csv``: one row per document).
    lexicon_dir : str or Path, optional
        Folder with the researcher's framing/hedging/cleaning YAML files;
        default: the shipped lexicons.

    Returns
    -------
    documents, removed : pandas.DataFrame
        One row per document (``doc_id`` first, with ``title``, ``text`` and
        ``words``), and one row per removed span.
    """
    corpus = load_corpus(raw_dir, metadata_path)
    tables = analyse_partition(corpus, read_lexicons(lexicon_dir))
    if out_dir is not None:
        out_dir = Path(out_dir)
        write_table(tables["documents"], out_dir / "documents.parquet")
        write_table(tables["removed"], out_dir / "removed_spans.csv")
        for name in ("evidence", "measures"):
            write_table(tables[name], out_dir / f"{name}.parquet")
            write_table(tables[name], out_dir / f"{name}.csv")
    return tables["documents"], tables["removed"]


def read_lexicons(lexicon_dir: str | Path | None = None) -> dict:
    """The lexicons, keyed by measure family: shipped ones, or those in ``lexicon_dir``.

    ``cleaning`` is the path of the cleaning lexicon (None: shipped), which
    :func:`corpus_analysis.clean.clean_corpus` reads itself.

    Examples
    --------
    >>> sorted(read_lexicons())
    ['cleaning', 'framing', 'hedging']
    """
    from .measures.framing import read_framing_lexicon
    from .measures.hedging import read_hedging_lexicon
    from .params import lexicon_path

    folder = None if lexicon_dir in (None, "", "null") else lexicon_dir
    return {"framing": read_framing_lexicon(lexicon_path(folder, "framing")),
            "hedging": read_hedging_lexicon(lexicon_path(folder, "hedging")),
            "cleaning": lexicon_path(folder, "cleaning") if folder else None}


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
    ['site_chrome']
    """
    lexicons = read_lexicons() if lexicons is None else lexicons
    # Every measure reads the same cleaned texts: split each into sentences,
    # quotations and words once for the whole batch.  The indexes are dropped
    # before the collector is on again, so its first collection after the
    # batch does not walk through them.
    with _collector_paused(), shared_text_indexes():
        return _analyse(corpus, lexicons)


# The cyclic garbage collector is paused while a batch is analysed.  A batch
# makes millions of short-lived objects (tokens, spans, table cells) and few
# reference cycles; the collector ran some 1,300 times in a run of 8,000
# documents and examined every object alive each time, about 4% of the run,
# to free next to nothing (reference counting frees the rest).  Garbage in a
# cycle made by a batch waits until the batch ends, when the collector, on
# again, finds it as usual.  Nested and concurrent batches (threads of one
# Dask worker) share one count, so the collector is switched back on once, by
# the last batch to finish, and only if it was on before the first began.
_PAUSE = threading.Lock()
_paused = {"batches": 0, "was_enabled": False}


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    with _PAUSE:
        if _paused["batches"] == 0:
            _paused["was_enabled"] = gc.isenabled()
            gc.disable()
        _paused["batches"] += 1
    try:
        yield
    finally:
        with _PAUSE:
            _paused["batches"] -= 1
            if _paused["batches"] == 0 and _paused["was_enabled"]:
                gc.enable()


def _analyse(corpus: pd.DataFrame, lexicons: dict) -> dict[str, pd.DataFrame]:
    from .measures.framing import find_framing, score_attribution, score_quotations, score_variant_shares
    from .measures.hedging import find_hedges, rate_hedges
    from .measures.readability import score_readability

    documents, removed = clean_corpus(corpus, lexicons.get("cleaning"), chrome=lexicons.get("site_chrome"))
    # The measures find a text's shared index by the text itself.  A column of
    # pandas' string type makes a new str object each time it is read, to be
    # hashed and compared again at every look-up, so the measures read a frame
    # of their own whose texts are the same objects throughout.
    texts = documents["text"].tolist()
    measured = pd.DataFrame({"doc_id": documents["doc_id"], "text": pd.Series(texts, index=documents.index,
                                                                              dtype=object)})
    # Readability first: it counts each text's words (tokenize.count_words,
    # from the shared index) and its own counts over the same tokens, one
    # document after the other, while they are still in the processor's cache.
    readability = score_readability(measured)
    # The one word count, read from the shared index.
    documents["words"] = measured["words"] = np.array([text_index(text).word_count for text in texts],
                                                      dtype="int64")
    # The measure table: one row per document, in the documents' order; each
    # stage's table is aligned on doc_id and its columns appended (a left
    # join, without a merge per stage).
    doc_ids = pd.Index(documents["doc_id"])
    if not doc_ids.is_unique:
        raise ValueError("analyse_partition: doc_id values must be unique within a batch.")
    parts = [documents[["doc_id", "words"]].reset_index(drop=True)]

    def add(table: pd.DataFrame) -> None:
        table = table.set_index("doc_id") if "doc_id" in table.columns else table
        if not table.index.is_unique:
            raise ValueError("analyse_partition: a stage returned two rows for one document.")
        parts.append(table.reindex(doc_ids).reset_index(drop=True))

    add(readability)

    framing = find_framing(measured, lexicons["framing"])
    hedging = find_hedges(measured, lexicons["hedging"])
    evidence = pd.concat([framing, hedging], ignore_index=True)

    # Variant shares of places and names: <group>_preferred_mentions,
    # <group>_mentions, <group>_share (kyiv_share, zelenskyy_share).
    shares = score_variant_shares(framing, measured, lexicons["framing"])
    wide = shares.pivot(index="doc_id", columns="group", values=["preferred_mentions", "mentions", "share"])
    wide.columns = [f"{group}_{quantity}" for quantity, group in wide.columns]
    # Column order from the lexicon, so every batch has the same columns.
    framing_lexicon = lexicons["framing"]
    groups = [g for section in ("toponyms", "transliterations") for g in (framing_lexicon.get(section) or {})]
    ordered = [f"{g}_{q}" for g in groups for q in ("preferred_mentions", "mentions", "share")]
    wide = wide.reindex(columns=ordered).reset_index()
    for column in ordered:
        # A group absent from the batch's table has no mention: 0 mentions, no share.
        wide[column] = (wide[column].astype("float64") if column.endswith("_share")
                        else wide[column].fillna(0).astype("int64"))
    add(wide)

    attribution = score_attribution(framing, measured)
    add(attribution.add_prefix("attribution_").rename(
        columns={"attribution_doc_id": "doc_id", "attribution_attributions": "attributions"}))
    add(score_quotations(measured, framing, lexicons["framing"]).drop(columns=["words"]))

    # Hedges and boosters per 1,000 words, in the journalist's voice and in quotations.
    rates = rate_hedges(hedging, measured, lexicons["hedging"])
    rates = rates[rates["voice"] != "all"]
    hedge_wide = rates.pivot(index="doc_id", columns=["category", "voice"], values="per_1k")
    hedge_wide.columns = [f"{category}_{voice}_per_1k" for category, voice in hedge_wide.columns]
    add(hedge_wide)
    measures = pd.concat(parts, axis=1)

    return {"documents": _sorted(documents), "removed": _sorted(removed, ["start"]),
            "evidence": _sorted(evidence, ["start", "measure", "group", "variant"]),
            "measures": _sorted(measures)}
