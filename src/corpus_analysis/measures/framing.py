"""Framing measures: which variant of a contested name each document uses.

Counts are never computed apart from the evidence: :func:`find_toponyms`
returns one row per match, and :func:`count_variants` and
:func:`score_variant_shares` are group-bys of that table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..lexicon import LexiconError, default_lexicon_path, load_yaml
from .evidence import TextIndex, make_evidence

__all__ = ["read_framing_lexicon", "find_toponyms", "count_variants",
           "score_variant_shares", "score_group_shares"]


def read_framing_lexicon(path: str | Path | None = None) -> dict:
    """Read and validate the framing lexicon (default: the one shipped with the package)."""
    path = Path(path) if path else default_lexicon_path("framing")
    data = load_yaml(path)
    groups = data.get("toponyms")
    if not isinstance(groups, dict) or not groups:
        raise LexiconError(f"{path}: no 'toponyms' section. Add one group per place with its variants.")
    for name, group in groups.items():
        where = f"{path}: toponyms.{name}"
        if not isinstance(group, dict) or not isinstance(group.get("variants"), dict) or len(group["variants"]) < 2:
            raise LexiconError(f"{where}: needs 'variants' with at least two spellings to compare.")
        if group.get("preferred") not in group["variants"]:
            raise LexiconError(f"{where}: 'preferred' must name one of its variants "
                               f"({', '.join(group['variants'])}).")
        for variant, entry in group["variants"].items():
            forms = entry.get("forms") if isinstance(entry, dict) else None
            if not forms or not all(isinstance(f, str) and f.strip() for f in forms):
                raise LexiconError(f"{where}.variants.{variant}: 'forms' must be a list of spellings.")
            for key in ("rationale", "source"):
                if not isinstance(entry.get(key), str) or not entry[key].strip():
                    raise LexiconError(f"{where}.variants.{variant}: missing '{key}'. Say why the entry "
                                       "is there and where it comes from.")
        for exclusion in group.get("exclusions", []) or []:
            if not isinstance(exclusion, dict) or not isinstance(exclusion.get("phrase"), str):
                raise LexiconError(f"{where}.exclusions: each exclusion needs a 'phrase' (and a rationale).")
    return data


def _pattern(forms: list[str]) -> re.Pattern:
    # Whole words, case-sensitive (a place name is capitalised); a trailing
    # possessive or hyphenated compound ("Kyiv's", "Kyiv-based") still matches
    # because "'" and "-" end the \b boundary after the form.
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})\b")


def find_toponyms(documents: pd.DataFrame, lexicon: dict) -> pd.DataFrame:
    """One evidence row per toponym match in the cleaned ``text`` of each document.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kiev said. The Kyiv Post wrote from Kyiv."]})
    >>> find_toponyms(docs, read_framing_lexicon())[["variant", "start"]].values.tolist()
    [['Kiev', 0], ['Kyiv', 36]]
    """
    rows = []
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        index = TextIndex(text)
        for group, spec in lexicon["toponyms"].items():
            excluded = []
            for exclusion in spec.get("exclusions", []) or []:
                excluded += [(m.start(), m.end()) for m in re.finditer(re.escape(exclusion["phrase"]), text)]
            for variant, entry in spec["variants"].items():
                for m in _pattern(entry["forms"]).finditer(text):
                    if not any(s <= m.start() and m.end() <= e for s, e in excluded):
                        rows.append(index.row(doc_id, "toponym", group, variant, m.start(), m.end()))
    return make_evidence(rows)


def count_variants(evidence: pd.DataFrame, documents: pd.DataFrame, lexicon: dict) -> pd.DataFrame:
    """Counts per document, group and variant (zeros included), from the evidence table."""
    index = pd.MultiIndex.from_tuples(
        [(d, g, v) for d in documents["doc_id"] for g, spec in lexicon["toponyms"].items()
         for v in spec["variants"]], names=["doc_id", "group", "variant"])
    counts = evidence.groupby(["doc_id", "group", "variant"]).size()
    return counts.reindex(index, fill_value=0).rename("mentions").reset_index()


def score_variant_shares(evidence: pd.DataFrame, documents: pd.DataFrame, lexicon: dict) -> pd.DataFrame:
    """Share of the preferred variant per document and group, with the mentions behind it.

    A document with no mention of the place gets an empty (NA) share, not 0.

    Examples
    --------
    >>> lex = read_framing_lexicon()
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kiev, Kiev and Kyiv."]})
    >>> row = score_variant_shares(find_toponyms(docs, lex), docs, lex).iloc[0]
    >>> int(row["preferred_mentions"]), int(row["mentions"]), round(float(row["share"]), 4)
    (1, 3, 0.3333)
    """
    counts = count_variants(evidence, documents, lexicon)
    preferred = {g: spec["preferred"] for g, spec in lexicon["toponyms"].items()}
    is_preferred = counts["variant"] == counts["group"].map(preferred)
    counts["preferred_mentions"] = counts["mentions"].where(is_preferred, 0)
    table = counts.groupby(["doc_id", "group"], sort=False)[["preferred_mentions", "mentions"]].sum().reset_index()
    table["preferred"] = table["group"].map(preferred)
    table["share"] = (table["preferred_mentions"] / table["mentions"]).where(table["mentions"] > 0)
    return table[["doc_id", "group", "preferred", "preferred_mentions", "mentions", "share"]]


def score_group_shares(shares: pd.DataFrame, documents: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Pool per-document shares into one share per group (e.g. outlet): a group-by of the per-document table.

    The pooled share is the group's preferred mentions over all its mentions,
    so a document that mentions the place often weighs more than one that
    mentions it once.  ``documents`` and ``mentions`` say how much lies behind it.

    Examples
    --------
    >>> shares = pd.DataFrame({"doc_id": ["a", "b"], "group": ["kyiv", "kyiv"], "preferred": ["Kyiv", "Kyiv"],
    ...                        "preferred_mentions": [1, 2], "mentions": [3, 2], "share": [1 / 3, 1.0]})
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"]})
    >>> row = score_group_shares(shares, docs).iloc[0]
    >>> int(row["documents"]), int(row["mentions"]), float(row["share"])
    (2, 5, 0.6)
    """
    table = shares.merge(documents[["doc_id", by]], on="doc_id", how="left")
    pooled = table.groupby([by, "group", "preferred"], sort=True).agg(
        documents=("doc_id", "nunique"), preferred_mentions=("preferred_mentions", "sum"),
        mentions=("mentions", "sum")).reset_index()
    pooled["share"] = (pooled["preferred_mentions"] / pooled["mentions"]).where(pooled["mentions"] > 0)
    return pooled
