"""Uncertainty: seeded bootstrap intervals for per-group rates and shares, and permutation tests.

Every interval comes from a two-stage (cluster) bootstrap that follows how a
corpus is sampled: documents are resampled with replacement within each group,
then sentences with replacement within each drawn document (Davison & Hinkley
1997, *Bootstrap Methods and their Application*, 3.8).  Resampling at both
stages makes the interval somewhat wider than the one-stage document
bootstrap (conservative), which is the safe direction for a comparison of
outlets; with one document in a group only the sentence stage is left, and
the row is flagged.

Every table carries the number of documents, sentences and mentions behind
each value, a ``small_sample`` flag with the reason, and the seed.
"""

from __future__ import annotations

import itertools
import math
import zlib

import numpy as np
import pandas as pd

from ..errors import CorpusError
from ..tokenize import count_words, find_quotes
from ._text import require_columns, sentence_table

__all__ = ["count_sentence_hits", "bootstrap_rate", "bootstrap_share", "compare_permutation",
           "MIN_DOCUMENTS", "MIN_MENTIONS"]

MIN_DOCUMENTS = 2  # one document says nothing about how an outlet varies between articles
MIN_MENTIONS = 5  # a share from fewer than five mentions moves by 20 points or more with one mention


def count_sentence_hits(documents: pd.DataFrame, evidence: pd.DataFrame,
                        selected: pd.Series | None = None, voice: str | None = None) -> pd.DataFrame:
    """Per-sentence counts of evidence rows: the unit the bootstrap resamples.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id`` and cleaned ``text``.
    evidence : pandas.DataFrame
        Evidence rows (``doc_id``, ``start``) to count, already filtered to one
        measure (and group) by the caller.
    selected : pandas.Series of bool, optional
        Aligned with ``evidence``: which rows count towards ``hits`` (e.g. the
        preferred variant, for a share).  Default: all rows.
    voice : {None, 'journalist', 'quoted'}
        Count only the sentence's words in this voice (outside or inside the
        document's direct quotations, as ``tokenize.find_quotes`` finds them),
        so that a rate of journalist-voice hits has journalist-voice words as
        its denominator.  Default: all words.

    Returns
    -------
    pandas.DataFrame
        ``[doc_id, sentence, start, end, words, mentions, hits]``, one row per
        sentence of every document (zeros included), in document order.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kiev fell. Kyiv and Kiev."]})
    >>> ev = pd.DataFrame({"doc_id": ["a", "a", "a"], "start": [0, 11, 20], "variant": ["Kiev", "Kyiv", "Kiev"]})
    >>> count_sentence_hits(docs, ev, ev["variant"] == "Kyiv")[["sentence", "words", "mentions", "hits"]].values.tolist()
    [[0, 2, 1, 0], [1, 3, 2, 1]]
    """
    require_columns(documents, ["doc_id", "text"], "documents")
    require_columns(evidence, ["doc_id", "start"], "evidence")
    sentences = sentence_table(documents)
    if voice is not None:
        sentences["words"] = _voice_words(documents, sentences, voice)
    if selected is None:
        selected = pd.Series(True, index=evidence.index)
    unknown = sorted(set(evidence["doc_id"]) - set(documents["doc_id"]))
    if unknown:
        raise CorpusError(f"evidence: doc_id(s) {', '.join(map(str, unknown[:5]))} not in documents. "
                          "Pass the documents the evidence was computed from.")
    mentions = np.zeros(len(sentences), dtype="int64")
    hits = np.zeros(len(sentences), dtype="int64")
    by_doc = {d: g for d, g in sentences.groupby("doc_id", sort=False)}
    for (doc_id, start), chosen in zip(zip(evidence["doc_id"], evidence["start"]), selected.to_numpy(bool)):
        doc_sentences = by_doc.get(doc_id)
        if doc_sentences is None or doc_sentences.empty:
            raise CorpusError(f"evidence: document {doc_id} has a hit at {start} but no sentences.")
        # The sentence holding the hit; a hit between sentences goes to the one before it.
        position = int(np.searchsorted(doc_sentences["start"].to_numpy(), start, side="right")) - 1
        row = doc_sentences.index[max(position, 0)]
        mentions[row] += 1
        hits[row] += int(chosen)
    sentences["mentions"] = mentions
    sentences["hits"] = hits
    return sentences.drop(columns="text")


def _voice_words(documents: pd.DataFrame, sentences: pd.DataFrame, voice: str) -> np.ndarray:
    """Words of each sentence inside (voice 'quoted') or outside ('journalist') the document's quotations."""
    if voice not in ("journalist", "quoted"):
        raise ValueError(f"voice must be 'journalist' or 'quoted', not {voice!r}")
    texts = dict(zip(documents["doc_id"], documents["text"]))
    quotes = {d: [(q.start, q.end) for q in find_quotes(t)] for d, t in texts.items()}
    words = np.zeros(len(sentences), dtype="int64")
    for row, (doc_id, start, end) in enumerate(zip(sentences["doc_id"], sentences["start"], sentences["end"])):
        text = texts[doc_id]
        inside = [(max(s, start), min(e, end)) for s, e in quotes[doc_id] if s < end and start < e]
        quoted = sum(count_words(text[s:e]) for s, e in inside)
        if voice == "quoted":
            words[row] = quoted
        else:
            cursor, outside = start, 0
            for s, e in inside:
                outside += count_words(text[cursor:s])
                cursor = e
            words[row] = outside + count_words(text[cursor:end])
    return words


def _group_seed(seed: int, name) -> np.random.Generator:
    # A generator per group derived from the seed and the group's name, so a
    # group's interval does not change when other groups are added or removed.
    return np.random.default_rng([int(seed), zlib.crc32(str(name).encode("utf-8"))])


def _bootstrap_group(num: np.ndarray, den: np.ndarray, doc_index: np.ndarray, n_boot: int,
                     rng: np.random.Generator, resample_sentences: bool) -> np.ndarray:
    """Bootstrap ratios sum(num) / sum(den) for one group; sentences of document k are doc_index == k."""
    n_docs = int(doc_index.max()) + 1
    sizes = np.bincount(doc_index, minlength=n_docs)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    order = np.argsort(doc_index, kind="stable")
    num, den = num[order], den[order]
    ratios = np.empty(n_boot)
    # Chunk the replicates so that memory stays bounded on a large corpus.
    per_boot = max(int(sizes.sum()), 1)
    chunk = max(1, min(n_boot, 4_000_000 // per_boot))
    for first in range(0, n_boot, chunk):
        m = min(chunk, n_boot - first)
        picks = rng.integers(0, n_docs, size=(m, n_docs)) if n_docs > 1 else np.zeros((m, 1), dtype=np.int64)
        flat_docs = picks.ravel()
        counts = sizes[flat_docs]
        replicate = np.repeat(np.repeat(np.arange(m), n_docs), counts)
        if resample_sentences:
            draws = np.floor(rng.random(counts.sum()) * np.repeat(counts, counts)).astype(np.int64)
        else:
            # 0, 1, ..., size - 1 within each drawn document: every sentence once.
            draws = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        rows = np.repeat(offsets[flat_docs], counts) + draws
        total_num = np.bincount(replicate, weights=num[rows], minlength=m)
        total_den = np.bincount(replicate, weights=den[rows], minlength=m)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratios[first:first + m] = np.where(total_den > 0, total_num / total_den, np.nan)
    return ratios


def _bootstrap(sentences: pd.DataFrame, documents: pd.DataFrame, by: str, numerator: str, denominator: str,
               per: float, n_boot: int, seed: int, level: float, resample_sentences: bool,
               min_mentions: int | None) -> pd.DataFrame:
    require_columns(sentences, ["doc_id", numerator, denominator], "sentences")
    require_columns(documents, ["doc_id", by], "documents")
    if n_boot < 100:
        raise CorpusError(f"n_boot={n_boot} is too few replicates for a 95% interval; use at least 100 (1000 or more for reported intervals).")
    if not 0 < level < 1:
        raise CorpusError(f"level must be between 0 and 1 (e.g. 0.95), not {level!r}.")
    table = sentences.merge(documents[["doc_id", by]], on="doc_id", how="left", validate="many_to_one")
    if table[by].isna().any():
        missing = sorted(table.loc[table[by].isna(), "doc_id"].astype(str).unique())
        raise CorpusError(f"sentences: doc_id(s) {', '.join(missing[:5])} have no '{by}' in documents. "
                          "Fill the grouping column in the metadata.")
    rows = []
    tail = (1 - level) / 2
    for group, part in table.groupby(by, sort=True):
        doc_codes, doc_ids = pd.factorize(part["doc_id"], sort=True)
        num = part[numerator].to_numpy(float)
        den = part[denominator].to_numpy(float)
        total_num, total_den = num.sum(), den.sum()
        estimate = per * total_num / total_den if total_den > 0 else np.nan
        ratios = per * _bootstrap_group(num, den, doc_codes, n_boot, _group_seed(seed, group), resample_sentences)
        valid = ratios[~np.isnan(ratios)]
        low, high = (np.quantile(valid, [tail, 1 - tail]) if valid.size else (np.nan, np.nan))
        reasons = []
        if len(doc_ids) < MIN_DOCUMENTS:
            reasons.append("one document")
        if min_mentions is not None and total_den < min_mentions:
            reasons.append(f"fewer than {min_mentions} mentions")
        if min_mentions is None:  # a rate: hits per word
            behind = {"mentions": int(total_num), "words": int(total_den)}
        else:  # a share: hits among mentions
            behind = {"mentions": int(total_den), "hits": int(total_num)}
        rows.append({by: group, "estimate": estimate, "ci_low": float(low), "ci_high": float(high),
                     "documents": len(doc_ids), "sentences": len(part), **behind,
                     "small_sample": bool(reasons), "small_sample_reason": "; ".join(reasons),
                     "level": level, "n_boot": n_boot, "seed": seed})
    # A group whose documents have no sentence at all (empty texts) is kept,
    # with no estimate, rather than silently dropped from the table.
    present = set(table[by])
    for group, part in documents[documents[by].notna() & ~documents[by].isin(present)].groupby(by, sort=True):
        rows.append({by: group, "estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                     "documents": 0, "sentences": 0, "mentions": 0,
                     ("words" if min_mentions is None else "hits"): 0, "small_sample": True,
                     "small_sample_reason": f"no text ({part['doc_id'].nunique()} empty document(s))",
                     "level": level, "n_boot": n_boot, "seed": seed})
    frame = pd.DataFrame(rows)
    return frame.sort_values(by, kind="stable").reset_index(drop=True)


def bootstrap_rate(sentences: pd.DataFrame, documents: pd.DataFrame, by: str = "outlet",
                   count_col: str = "mentions", words_col: str = "words", n_boot: int = 2000,
                   seed: int = 0, level: float = 0.95, resample_sentences: bool = True) -> pd.DataFrame:
    """Per-group rate per 1,000 words with a seeded two-stage bootstrap interval.

    The estimate is the pooled rate ``1000 * sum(hits) / sum(words)`` of the
    group; the interval is the percentile interval of the same statistic over
    ``n_boot`` replicates (documents resampled within the group, then
    sentences within each drawn document).

    Parameters
    ----------
    sentences : pandas.DataFrame
        Per-sentence counts (:func:`count_sentence_hits`): ``doc_id``, ``count_col``, ``words_col``.
    documents : pandas.DataFrame
        ``doc_id`` and the grouping column ``by``.
    by : str
        Grouping column.
    count_col, words_col : str
        Columns of ``sentences`` holding the hits and the words.
    n_boot : int
        Bootstrap replicates.
    seed : int
        Seed; recorded in the output.
    level : float
        Coverage of the interval.
    resample_sentences : bool
        Also resample sentences within the drawn documents (default: both
        stages of a clustered sample); ``False`` gives the one-stage document bootstrap.

    Returns
    -------
    pandas.DataFrame
        ``[by, estimate, ci_low, ci_high, documents, sentences, mentions, words,
        small_sample, small_sample_reason, level, n_boot, seed]``, one row per
        group of ``documents`` (a group with no text has no estimate and is
        flagged); ``documents`` counts the documents with at least one sentence.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "mentions": [1, 0, 2, 1], "words": [10, 10, 10, 10]})
    >>> d = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"]})
    >>> row = bootstrap_rate(s, d, n_boot=500, seed=1).iloc[0]
    >>> float(row["estimate"]), int(row["documents"]), int(row["mentions"]), bool(row["ci_low"] <= 100 <= row["ci_high"])
    (100.0, 2, 4, True)
    """
    return _bootstrap(sentences, documents, by, count_col, words_col, 1000.0, n_boot, seed, level,
                      resample_sentences, None)


def bootstrap_share(sentences: pd.DataFrame, documents: pd.DataFrame, by: str = "outlet",
                    hits_col: str = "hits", mentions_col: str = "mentions", n_boot: int = 2000,
                    seed: int = 0, level: float = 0.95, resample_sentences: bool = True,
                    min_mentions: int = MIN_MENTIONS) -> pd.DataFrame:
    """Per-group share ``sum(hits) / sum(mentions)`` with a seeded two-stage bootstrap interval.

    E.g. the share of "Kyiv" among all mentions of the city: ``hits`` counts
    the preferred variant, ``mentions`` every variant.  Replicates in which
    the group has no mention at all are left out of the percentiles.

    Parameters
    ----------
    sentences, documents, by, n_boot, seed, level, resample_sentences
        As in :func:`bootstrap_rate`.
    hits_col, mentions_col : str
        Columns of ``sentences`` with the numerator and the denominator.
    min_mentions : int
        A share from fewer mentions is flagged ``small_sample``.

    Returns
    -------
    pandas.DataFrame
        ``[by, estimate, ci_low, ci_high, documents, sentences, mentions, hits,
        small_sample, small_sample_reason, level, n_boot, seed]``.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["a", "b"], "hits": [1, 2], "mentions": [2, 2]})
    >>> d = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"]})
    >>> row = bootstrap_share(s, d, n_boot=500).iloc[0]
    >>> float(row["estimate"]), int(row["mentions"]), row["small_sample_reason"]
    (0.75, 4, 'fewer than 5 mentions')
    """
    return _bootstrap(sentences, documents, by, hits_col, mentions_col, 1.0, n_boot, seed, level,
                      resample_sentences, min_mentions)


def compare_permutation(sentences: pd.DataFrame, documents: pd.DataFrame, by: str = "outlet",
                        numerator: str = "mentions", denominator: str = "words", per: float = 1000.0,
                        n_perm: int = 9999, seed: int = 0) -> pd.DataFrame:
    """Permutation test of the difference in a pooled rate or share between every pair of groups.

    Documents are the exchangeable units: under the null hypothesis that two
    groups do not differ, any relabelling of their documents is as likely as
    the observed one.  The two-sided p-value counts relabellings whose
    absolute difference is at least the observed one, with the observed
    labelling included (Phipson & Smyth 2010, "Permutation p-values should
    never be zero"): ``p = (1 + k) / (1 + n_perm)``.  When the two groups
    have no more distinct relabellings than ``n_perm``, all of them are listed
    and the p-value is exact (``method`` says which; ``n_perm`` is then the
    number of relabellings).

    Parameters
    ----------
    sentences : pandas.DataFrame
        Per-sentence (or per-document) counts with ``doc_id``, ``numerator`` and ``denominator``.
    documents : pandas.DataFrame
        ``doc_id`` and the grouping column ``by``.
    by : str
        Grouping column.
    numerator, denominator : str
        Columns to pool: ``mentions``/``words`` for a rate, ``hits``/``mentions`` for a share.
    per : float
        Scale: 1000 for a rate per 1,000 words, 1 for a share.
    n_perm : int
        Random relabellings.
    seed : int
        Seed; recorded in the ``seed`` column.

    Returns
    -------
    pandas.DataFrame
        ``[group_a, group_b, estimate_a, estimate_b, difference, p_value, method,
        documents_a, documents_b, small_sample, n_perm, seed]``, one row per pair.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": list("abcdef"), "mentions": [9, 8, 9, 1, 0, 1], "words": [100] * 6})
    >>> d = pd.DataFrame({"doc_id": list("abcdef"), "outlet": list("XXXYYY")})
    >>> row = compare_permutation(s, d, n_perm=999, seed=3).iloc[0]
    >>> float(row["difference"]), float(row["p_value"]), row["method"]
    (80.0, 0.1, 'exact')
    """
    require_columns(sentences, ["doc_id", numerator, denominator], "sentences")
    require_columns(documents, ["doc_id", by], "documents")
    per_doc = sentences.groupby("doc_id", sort=True)[[numerator, denominator]].sum()
    per_doc = per_doc.join(documents.set_index("doc_id")[by], how="left")
    groups = sorted(per_doc[by].dropna().unique())
    if len(groups) < 2:
        raise CorpusError(f"compare_permutation: needs at least two values of '{by}', found {len(groups)}.")
    rows = []
    for i, a in enumerate(groups):
        for b in groups[i + 1:]:
            pair = per_doc[per_doc[by].isin([a, b])]
            num = pair[numerator].to_numpy(float)
            den = pair[denominator].to_numpy(float)
            is_a = (pair[by] == a).to_numpy()

            def difference(mask: np.ndarray) -> np.ndarray:
                with np.errstate(divide="ignore", invalid="ignore"):
                    return per * ((mask @ num) / (mask @ den) - ((~mask) @ num) / ((~mask) @ den))

            observed = float(difference(is_a[None, :])[0])
            n_a, n_b = int(is_a.sum()), int((~is_a).sum())
            if math.comb(n_a + n_b, n_a) <= n_perm:
                # Few enough relabellings to list them all: the exact p-value
                # (the observed labelling is one of them).
                masks = np.zeros((math.comb(n_a + n_b, n_a), n_a + n_b), dtype=bool)
                for row, chosen in enumerate(itertools.combinations(range(n_a + n_b), n_a)):
                    masks[row, list(chosen)] = True
                null = difference(masks)
                p_value = float(np.mean(np.abs(null) >= abs(observed) - 1e-12)) if not np.isnan(observed) else np.nan
                method, draws = "exact", len(masks)
            else:
                rng = _group_seed(seed, f"{a}\x00{b}")
                shuffled = rng.permuted(np.tile(is_a, (n_perm, 1)), axis=1)
                null = difference(shuffled)
                extreme = np.sum(np.abs(null[~np.isnan(null)]) >= abs(observed) - 1e-12)
                p_value = (1 + extreme) / (1 + n_perm)
                method, draws = "monte carlo", n_perm
            est_a = per * num[is_a].sum() / den[is_a].sum() if den[is_a].sum() > 0 else np.nan
            est_b = per * num[~is_a].sum() / den[~is_a].sum() if den[~is_a].sum() > 0 else np.nan
            rows.append({"group_a": a, "group_b": b, "estimate_a": est_a, "estimate_b": est_b,
                         "difference": observed, "p_value": p_value, "method": method,
                         "documents_a": n_a, "documents_b": n_b,
                         # With fewer than 2 + 2 documents there are at most a handful of distinct
                         # relabellings, so the p-value cannot be small whatever the data.
                         "small_sample": min(n_a, n_b) < MIN_DOCUMENTS, "n_perm": draws, "seed": seed})
    return pd.DataFrame(rows)
