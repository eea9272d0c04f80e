"""Keyness: which words (or lexicon variants) one group uses more than the rest.

Two statistics, each computed for every group against all other groups pooled:

* weighted log-odds with an informative Dirichlet prior, with z-scores
  (Monroe, Colaresi & Quinn 2008, "Fightin' Words", *Political Analysis* 16(4),
  eq. 16-22), the measure least fooled by rare words;
* log-likelihood G2 with the log-ratio effect size, as corpus linguists report
  keyness (Rayson & Garside 2000, "Comparing corpora using frequency
  profiling"; Hardie 2014, "Log ratio: an informal introduction", CASS).

Both take a tidy count table (group, term, count[, total]) made by
:func:`count_terms` (words) or :func:`count_evidence_terms` (lexicon hits), so
that every count can be traced to tokens or to evidence rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..errors import CorpusError
from ..tokenize import count_words
from ._text import require_columns, words_lower

__all__ = ["count_terms", "count_evidence_terms", "compare_log_odds", "compare_g2"]


def count_terms(documents: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Word counts per group: lowercased tokens of the cleaned ``text``.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id``, ``text`` and the grouping column ``by``.
    by : str
        Grouping column (e.g. ``outlet``).

    Returns
    -------
    pandas.DataFrame
        ``[by, term, count, documents]``, sorted by group then term; only terms
        a group uses.  ``documents`` is how many of the group's documents use
        the term: a word frequent in one article only is a weak sign of an
        outlet's habit.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...                      "text": ["War, war.", "War.", "Peace."]})
    >>> count_terms(docs).values.tolist()
    [['X', 'war', 3, 2], ['Y', 'peace', 1, 1]]
    """
    require_columns(documents, ["doc_id", "text", by], "documents")
    rows = []
    for doc_id, group, text in zip(documents["doc_id"], documents[by], documents["text"]):
        rows.extend((group, w, doc_id) for w in words_lower(text))
    frame = pd.DataFrame(rows, columns=[by, "term", "doc_id"])
    counts = frame.groupby([by, "term"], sort=True).agg(count=("doc_id", "size"), documents=("doc_id", "nunique"))
    return counts.reset_index().astype({"count": "int64", "documents": "int64"})


def count_evidence_terms(evidence: pd.DataFrame, documents: pd.DataFrame, by: str = "outlet",
                         level: str = "variant") -> pd.DataFrame:
    """Lexicon hits per group, from the evidence table, with the group's word total.

    Parameters
    ----------
    evidence : pandas.DataFrame
        Evidence rows (``doc_id``, ``group``, ``variant``, ...), e.g. from a framing measure.
    documents : pandas.DataFrame
        With ``doc_id``, ``by`` and ``words`` (or ``text``, from which words are counted).
    by : str
        Grouping column of ``documents``.
    level : {'variant', 'group'}
        Count each variant (term ``group:variant``) or each lexicon group (term ``group``).

    Returns
    -------
    pandas.DataFrame
        ``[by, term, count, documents, total]``: ``documents`` is how many of
        the group's documents have the term, ``total`` the group's number of
        words, so that keyness compares hits per word, not per hit.

    Examples
    --------
    >>> ev = pd.DataFrame({"doc_id": ["a", "a", "b"], "group": ["kyiv"] * 3, "variant": ["Kiev", "Kyiv", "Kyiv"]})
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "words": [100, 50]})
    >>> count_evidence_terms(ev, docs).values.tolist()
    [['X', 'kyiv:Kiev', 1, 1, 100], ['X', 'kyiv:Kyiv', 1, 1, 100], ['Y', 'kyiv:Kiev', 0, 0, 50], ['Y', 'kyiv:Kyiv', 1, 1, 50]]
    """
    require_columns(evidence, ["doc_id", "group", "variant"], "evidence")
    require_columns(documents, ["doc_id", by], "documents")
    if level not in ("variant", "group"):
        raise CorpusError(f"count_evidence_terms: level must be 'variant' or 'group', not {level!r}.")
    words = documents["words"] if "words" in documents else documents["text"].map(count_words)
    docs = pd.DataFrame({"doc_id": documents["doc_id"], by: documents[by], "words": words})
    unknown = sorted(set(evidence["doc_id"]) - set(docs["doc_id"]))
    if unknown:
        raise CorpusError(f"evidence: doc_id(s) {', '.join(map(str, unknown[:5]))} not in documents. "
                          "Pass the documents the evidence was computed from.")
    hits = evidence.merge(docs[["doc_id", by]], on="doc_id", how="left")
    term = hits["group"].astype(str)
    if level == "variant":
        term = term + ":" + hits["variant"].astype(str)
    hits = hits.assign(term=term)
    totals = docs.groupby(by, sort=True)["words"].sum()
    index = pd.MultiIndex.from_product([totals.index, sorted(hits["term"].unique())], names=[by, "term"])
    grouped = hits.groupby([by, "term"]).agg(count=("doc_id", "size"), documents=("doc_id", "nunique"))
    counts = grouped.reindex(index, fill_value=0).reset_index()
    counts["total"] = counts[by].map(totals)
    return counts.astype({"count": "int64", "documents": "int64", "total": "int64"})


def _group_vs_rest(counts: pd.DataFrame, group_col: str) -> pd.DataFrame:
    """Full group x term grid with count, total, rest_count, rest_total (zeros filled)."""
    require_columns(counts, [group_col, "term", "count"], "counts")
    if (counts["count"] < 0).any():
        raise CorpusError("counts: negative counts found; counts must be non-negative integers.")
    if "total" in counts:
        totals = counts.groupby(group_col, sort=True)["total"].first()
    else:
        totals = counts.groupby(group_col, sort=True)["count"].sum()
    if len(totals) < 2:
        raise CorpusError(f"counts: keyness needs at least two values of '{group_col}', found {len(totals)}.")
    grid = pd.MultiIndex.from_product([totals.index, sorted(counts["term"].unique())], names=[group_col, "term"])
    columns = ["count", "documents"] if "documents" in counts else ["count"]
    table = counts.groupby([group_col, "term"])[columns].sum().reindex(grid, fill_value=0).reset_index()
    table["total"] = table[group_col].map(totals)
    term_all = table.groupby("term")["count"].transform("sum")
    table["rest_count"] = term_all - table["count"]
    table["rest_total"] = int(totals.sum()) - table["total"]
    return table.astype({"total": "int64", "rest_count": "int64", "rest_total": "int64"})


def _prior_frequencies(table: pd.DataFrame, prior) -> pd.Series:
    """Background frequency pi_w of each term (indexed by term)."""
    terms = pd.Index(sorted(table["term"].unique()), name="term")
    if isinstance(prior, str) and prior == "corpus":
        first = table.drop_duplicates("term").set_index("term")
        corpus_total = first["total"] + first["rest_total"]
        return ((first["count"] + first["rest_count"]) / corpus_total).reindex(terms)
    if isinstance(prior, pd.DataFrame):
        require_columns(prior, ["term", "count"], "prior")
        reference = prior.groupby("term")["count"].sum()
    elif isinstance(prior, Mapping):
        reference = pd.Series(dict(prior), dtype="float64")
    else:
        raise CorpusError("prior: use 'corpus' or a reference frequency list (DataFrame with term and count, "
                          "or a mapping term -> count).")
    if (reference < 0).any():
        raise CorpusError("prior: reference counts must be non-negative.")
    # Half a count for every term of either list, so a corpus word missing
    # from the reference list gets a small prior instead of a zero one (which
    # would make the log-odds of an unused word infinite).
    vocabulary = reference.index.union(terms)
    smoothed = reference.reindex(vocabulary, fill_value=0).astype("float64") + 0.5
    return (smoothed / smoothed.sum()).reindex(terms)


def compare_log_odds(counts: pd.DataFrame, group_col: str = "outlet", prior="corpus",
                     alpha0: float | None = None) -> pd.DataFrame:
    """Weighted log-odds ratio with an informative Dirichlet prior, each group against the rest.

    For term ``w``, group ``i`` and the rest ``j`` (Monroe et al. 2008, eq. 16, 18-20)::

        alpha_w = alpha0 * pi_w
        delta_w = log((y_iw + a_w) / (n_i + alpha0 - y_iw - a_w))
                - log((y_jw + a_w) / (n_j + alpha0 - y_jw - a_w))
        var     = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
        z       = delta_w / sqrt(var)

    where ``y`` are counts, ``n`` group totals and ``pi_w`` the background
    frequency of ``w``.  ``|z| > 1.96`` is the usual reading of "distinctive".
    A term that makes up the whole vocabulary, or (with the corpus as
    background) that no group uses, has no odds: its row is NaN.

    Parameters
    ----------
    counts : pandas.DataFrame
        ``[group_col, term, count]`` (and optionally ``total``, the group size in
        words, as :func:`count_evidence_terms` gives).
    group_col : str
        Grouping column.
    prior : 'corpus', DataFrame or mapping
        Background for the prior: the corpus itself, or a reference frequency
        list (``term``, ``count``) the researcher supplies.
    alpha0 : float, optional
        Strength of the prior in pseudo-counts.  Default: the corpus size, so
        that with ``prior='corpus'`` each ``alpha_w`` is the term's corpus count
        (the common choice in applications of the method).

    Returns
    -------
    pandas.DataFrame
        ``[group_col, term, count, (documents,) total, rest_count, rest_total,
        prior, log_odds, se, z, alpha0]``, every group x term, sorted by group,
        then ``z`` descending, then term.  ``documents`` (how many of the
        group's documents use the term) is carried over when ``counts`` has it.

    Examples
    --------
    >>> counts = pd.DataFrame({"outlet": ["X", "X", "Y", "Y"], "term": ["war", "peace", "war", "peace"],
    ...                        "count": [3, 1, 1, 3]})
    >>> table = compare_log_odds(counts, alpha0=2)
    >>> table[["outlet", "term", "z"]].round(3).values.tolist()
    [['X', 'war', 1.601], ['X', 'peace', -1.601], ['Y', 'peace', 1.601], ['Y', 'war', -1.601]]
    """
    table = _group_vs_rest(counts, group_col)
    pi = _prior_frequencies(table, prior)
    corpus_size = float(table["total"].iloc[0] + table["rest_total"].iloc[0])
    a0 = corpus_size if alpha0 is None else float(alpha0)
    if not a0 > 0:
        raise CorpusError(f"alpha0 must be positive (pseudo-counts of the prior), not {alpha0!r}.")
    a_w = a0 * table["term"].map(pi).to_numpy(dtype="float64")
    y_i, y_j = table["count"].to_numpy(float), table["rest_count"].to_numpy(float)
    n_i, n_j = table["total"].to_numpy(float), table["rest_total"].to_numpy(float)
    # The odds compare a term with every other word; a term that is the whole
    # vocabulary has no other words and no odds (NaN rather than infinity).
    rest_i, rest_j = n_i + a0 - y_i - a_w, n_j + a0 - y_j - a_w
    # A term no one uses gets no prior under the corpus background: no odds either.
    defined = (rest_i > 1e-12) & (rest_j > 1e-12) & (y_i + a_w > 0) & (y_j + a_w > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.where(defined, np.log((y_i + a_w) / rest_i) - np.log((y_j + a_w) / rest_j), np.nan)
    with np.errstate(divide="ignore"):
        se = np.where(defined, np.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w)), np.nan)
    table["prior"] = a_w
    table["log_odds"] = delta
    table["se"] = se
    table["z"] = delta / se
    table["alpha0"] = a0
    table = table.sort_values([group_col, "z", "term"], ascending=[True, False, True], kind="stable")
    return table.reset_index(drop=True)


def _chi2_sf_1df(g2: np.ndarray) -> np.ndarray:
    """Upper tail of chi-square with one degree of freedom: P(X >= g2) = erfc(sqrt(g2 / 2))."""
    return np.array([math.erfc(math.sqrt(max(v, 0.0) / 2)) for v in g2], dtype="float64")


def compare_g2(counts: pd.DataFrame, group_col: str = "outlet") -> pd.DataFrame:
    """Log-likelihood G2 keyness with the log-ratio effect size, each group against the rest.

    With ``a`` and ``b`` the term's counts in the group and in the rest, and
    ``c`` and ``d`` their sizes (Rayson & Garside 2000)::

        E1 = c (a + b) / (c + d)        E2 = d (a + b) / (c + d)
        G2 = 2 (a ln(a / E1) + b ln(b / E2))          (0 ln 0 = 0)

    and the effect size (Hardie 2014), with a zero count replaced by 0.5 so
    that a word absent from one side has a finite ratio::

        log_ratio = log2((a / c) / (b / d))

    ``p_value`` is the chi-square (1 df) tail of G2; 3.84 is p = 0.05 and
    10.83 is p = 0.001.  Many terms are tested at once: read p-values with a
    correction (e.g. Bonferroni) or rank by ``log_ratio`` among significant terms.

    Parameters
    ----------
    counts : pandas.DataFrame
        ``[group_col, term, count]`` (and optionally ``total``).
    group_col : str
        Grouping column.

    Returns
    -------
    pandas.DataFrame
        ``[group_col, term, count, (documents,) total, rest_count, rest_total,
        expected, g2, p_value, log_ratio, direction]`` (direction ``over``/``under``/``equal``
        use relative to the rest), sorted by group, then G2 descending, then term.

    Examples
    --------
    >>> counts = pd.DataFrame({"outlet": ["X", "X", "Y", "Y"], "term": ["war", "peace", "war", "peace"],
    ...                        "count": [3, 1, 1, 3]})
    >>> compare_g2(counts)[["outlet", "term", "g2", "log_ratio"]].round(3).values.tolist()
    [['X', 'peace', 1.046, -1.585], ['X', 'war', 1.046, 1.585], ['Y', 'peace', 1.046, 1.585], ['Y', 'war', 1.046, -1.585]]
    """
    table = _group_vs_rest(counts, group_col)
    a, b = table["count"].to_numpy(float), table["rest_count"].to_numpy(float)
    c, d = table["total"].to_numpy(float), table["rest_total"].to_numpy(float)
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        part1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        part2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    g2 = 2 * (part1 + part2)
    g2 = np.where(np.abs(g2) < 1e-12, 0.0, g2)
    ratio = np.log2((np.where(a > 0, a, 0.5) / c) / (np.where(b > 0, b, 0.5) / d))
    table["expected"] = e1
    table["g2"] = g2
    table["p_value"] = _chi2_sf_1df(g2)
    table["log_ratio"] = ratio
    table["direction"] = np.select([a / c > b / d, a / c < b / d], ["over", "under"], "equal")
    table = table.sort_values([group_col, "g2", "term"], ascending=[True, False, True], kind="stable")
    return table.reset_index(drop=True)
