"""Same-event comparison: propose events, align sentences across outlets, find shared (wire) passages."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import numpy as np
import pandas as pd

from ..errors import CorpusError
from ..tokenize import tokenize_words
from ._text import cosine_matrix, require_columns, sentence_table, words_lower
from .claims import find_dates

__all__ = ["propose_events", "align_sentences", "find_shared_passages"]


def _full_dates(text: str) -> set[str]:
    return {v for _, _, v in find_dates(text) if len(v) == 10 and not v.startswith("--")}


def _tfidf_rows(counts: list[Counter], idf: dict[str, float]) -> np.ndarray:
    """Dense, L2-normalised TF-IDF rows (1 + ln tf) for a block of documents, over the block's vocabulary."""
    vocabulary = {w: i for i, w in enumerate(sorted({w for c in counts for w in c}))}
    matrix = np.zeros((len(counts), len(vocabulary)))
    for row, c in enumerate(counts):
        for w, tf in c.items():
            matrix[row, vocabulary[w]] = (1 + math.log(tf)) * idf[w]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def propose_events(documents: pd.DataFrame, min_similarity: float = 0.3, max_days: int = 3) -> pd.DataFrame:
    """Propose which documents report the same event, for the researcher to confirm.

    Two documents are linked when their texts are similar (TF-IDF cosine of
    the whole text, IDF over the corpus, at least ``min_similarity``) and their
    dates agree: their ``published`` dates are at most ``max_days`` apart, or
    (without publication dates) they mention a common full date, or neither
    gives any date.  Events are the connected groups of linked documents
    (single linkage), named ``proposed_01``, ``proposed_02``, ... in order of
    their first ``doc_id``.  Compare with the metadata ``event`` column when
    there is one.

    When every document has a publication date, only documents at most
    ``max_days`` apart are compared (window by window), so the work grows
    with the number of documents per window, not with the square of the
    corpus.

    Parameters
    ----------
    documents : pandas.DataFrame
        ``doc_id``, ``text`` and optionally ``published``.
    min_similarity : float
        Content similarity needed for a link.
    max_days : int
        Largest gap between publication dates of one event.

    Returns
    -------
    pandas.DataFrame
        ``[doc_id, proposed_event, nearest_doc_id, similarity, days_apart,
        shared_dates, linked]``: the most similar other document it was
        compared with (within ``max_days`` when dates are known), how
        similar, how many days apart, the full dates both mention, and
        whether the document was linked to any other.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "published": ["2025-05-01", "2025-05-02", "2025-05-01"],
    ...                      "text": ["Ceasefire talks open in Porto.", "Ceasefire talks in Porto open.",
    ...                               "Floods hit the northern valley farms."]})
    >>> propose_events(docs)[["doc_id", "proposed_event"]].values.tolist()
    [['a', 'proposed_01'], ['b', 'proposed_01'], ['c', 'proposed_02']]
    """
    require_columns(documents, ["doc_id", "text"], "documents")
    docs = documents.sort_values("doc_id", kind="stable").reset_index(drop=True)
    n = len(docs)
    counts = [Counter(words_lower(t)) for t in docs["text"]]
    df = Counter(w for c in counts for w in c)
    idf = {w: math.log((1 + n) / (1 + k)) + 1 for w, k in df.items()}  # as in _text.tfidf_matrix
    published = (pd.to_datetime(docs["published"], errors="coerce") if "published" in docs
                 else pd.Series(pd.NaT, index=docs.index))
    mentioned = [_full_dates(t) for t in docs["text"]]
    # Blocks of documents to compare: date windows when every document is dated, else the whole corpus.
    if n and published.notna().all():
        days = ((published - published.min()).dt.days).to_numpy()
        blocks = [np.flatnonzero((days >= d) & (days <= d + max_days)) for d in np.unique(days)]
    else:
        blocks = [np.arange(n)]
    similarity: dict[tuple[int, int], float] = {}
    for block in blocks:
        if len(block) < 2:
            continue
        vectors = _tfidf_rows([counts[i] for i in block], idf)
        cosine = vectors @ vectors.T
        for x, i in enumerate(block):
            for y in range(x + 1, len(block)):
                similarity[(int(i), int(block[y]))] = float(cosine[x, y])
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    linked = [False] * n
    neighbours: dict[int, list[tuple[float, int]]] = {i: [] for i in range(n)}
    for (i, j), sim in sorted(similarity.items()):
        neighbours[i].append((sim, j))
        neighbours[j].append((sim, i))
        if sim < min_similarity:
            continue
        if pd.notna(published[i]) and pd.notna(published[j]):
            dates_agree = abs((published[i] - published[j]).days) <= max_days
        elif mentioned[i] and mentioned[j]:
            dates_agree = bool(mentioned[i] & mentioned[j])
        else:
            dates_agree = True
        if dates_agree:
            linked[i] = linked[j] = True
            parent[find(j)] = find(i)
    roots: dict[int, str] = {}
    rows = []
    for i in range(n):
        roots.setdefault(find(i), f"proposed_{len(roots) + 1:02d}")
        # The most similar document compared (ties: the first doc_id).
        best = max(neighbours[i], key=lambda t: (t[0], -t[1])) if neighbours[i] else None
        j = best[1] if best else None
        days = (abs((published[i] - published[j]).days)
                if j is not None and pd.notna(published[i]) and pd.notna(published[j]) else np.nan)
        rows.append({"doc_id": docs["doc_id"][i], "proposed_event": roots[find(i)],
                     "nearest_doc_id": docs["doc_id"][j] if j is not None else None,
                     "similarity": best[0] if best else np.nan, "days_apart": days,
                     "shared_dates": "; ".join(sorted(mentioned[i] & mentioned[j])) if j is not None else "",
                     "linked": linked[i]})
    return pd.DataFrame(rows, columns=["doc_id", "proposed_event", "nearest_doc_id", "similarity", "days_apart",
                                       "shared_dates", "linked"])


def align_sentences(documents: pd.DataFrame, event_col: str = "event", outlet_col: str = "outlet",
                    min_similarity: float = 0.3) -> pd.DataFrame:
    """Align each sentence with its closest sentence in every other document of the same event.

    Similarity is the TF-IDF cosine of the two sentences, with IDF computed over
    all sentences of the event (so a fact's rare words count most).  A
    sentence is ``covered`` by the other document when its best match there
    reaches ``min_similarity``; a sentence covered by no other outlet is a fact
    only its own outlet reports, and a sentence of another outlet that no
    sentence of this document covers is one this outlet omits.

    Parameters
    ----------
    documents : pandas.DataFrame
        ``doc_id``, ``text``, ``event_col`` and optionally ``outlet_col``.
    event_col, outlet_col : str
        Event and outlet columns; documents without an event are skipped.
    min_similarity : float
        Cosine needed to call a sentence covered.

    Returns
    -------
    pandas.DataFrame
        ``[doc_id, sentence, event, outlet, text, other_doc_id, other_outlet,
        other_sentence, other_text, similarity, covered]``: one row per
        sentence and other document of its event.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "event": ["e", "e"],
    ...                      "text": ["Talks open in Porto. Rain fell.", "In Porto, talks open today."]})
    >>> align_sentences(docs)[["doc_id", "sentence", "other_sentence", "covered"]].values.tolist()
    [['a', 0, 0, True], ['a', 1, 0, False], ['b', 0, 0, True]]
    """
    require_columns(documents, ["doc_id", "text", event_col], "documents")
    columns = ["doc_id", "sentence", "event", "outlet", "text", "other_doc_id", "other_outlet", "other_sentence",
               "other_text", "similarity", "covered"]
    outlets = dict(zip(documents["doc_id"], documents[outlet_col] if outlet_col in documents else documents["doc_id"]))
    frames = []
    for event, part in documents.dropna(subset=[event_col]).groupby(event_col, sort=True):
        part = part.sort_values("doc_id", kind="stable")
        if len(part) < 2:
            continue
        sentences = sentence_table(part)
        if sentences.empty:
            continue
        similarity = cosine_matrix(list(sentences["text"]))
        doc_ids = sentences["doc_id"].to_numpy()
        rows = []
        for i, row in enumerate(sentences.itertuples(index=False)):
            for other in part["doc_id"]:
                if other == row.doc_id:
                    continue
                candidates = np.flatnonzero(doc_ids == other)
                if candidates.size == 0:
                    continue
                best = candidates[int(np.argmax(similarity[i, candidates]))]  # first of equals
                score = float(similarity[i, best])
                rows.append((row.doc_id, row.sentence, event, outlets[row.doc_id], row.text, other, outlets[other],
                             int(sentences["sentence"].iat[best]), sentences["text"].iat[best], score,
                             score >= min_similarity))
        frames.append(pd.DataFrame(rows, columns=columns))
    if not frames:
        return pd.DataFrame(columns=columns)
    table = pd.concat(frames, ignore_index=True)
    return table.sort_values(["doc_id", "sentence", "other_doc_id"], kind="stable").reset_index(drop=True)


def find_shared_passages(documents: pd.DataFrame, n: int = 8, near_duplicate: float = 0.5) -> pd.DataFrame:
    """Passages two documents share word for word (wire copy, reused paragraphs), with overlap statistics.

    Each document is cut into word ``n``-grams ("shingles", lowercased;
    Broder 1997, "On the resemblance and containment of documents").  For
    every pair sharing a shingle, ``jaccard`` is shared / union of their
    shingle sets and ``containment`` is shared / the smaller set (1.0 when one
    text is wholly inside the other).  Runs of consecutive shared shingles are
    merged into passages and reported with their text on both sides.

    Parameters
    ----------
    documents : pandas.DataFrame
        ``doc_id`` and ``text``.
    n : int
        Shingle length in words; 8 ignores common phrases but catches a reused sentence.
    near_duplicate : float
        Jaccard at or above which the pair is flagged ``near_duplicate``.

    Returns
    -------
    pandas.DataFrame
        ``[doc_id, other_doc_id, start, end, passage, other_start, other_end,
        other_passage, passage_words, shingles, other_shingles, shared_shingles,
        jaccard, containment, near_duplicate]``: one row per shared passage,
        pairs in ``doc_id`` order (``doc_id`` < ``other_doc_id``).

    Examples
    --------
    >>> wire = "The two delegations met for three hours behind closed doors on Friday"
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": [wire + ". Rain fell.", "Reports say " + wire + "."]})
    >>> row = find_shared_passages(docs, n=5).iloc[0]
    >>> row["passage"] == wire, int(row["passage_words"]), int(row["shared_shingles"])
    (True, 12, 8)
    """
    require_columns(documents, ["doc_id", "text"], "documents")
    if n < 1:
        raise CorpusError(f"find_shared_passages: n must be at least 1 word, not {n}.")
    docs = documents.sort_values("doc_id", kind="stable")
    tokens, shingles, texts = {}, {}, {}
    index: dict[tuple, list] = defaultdict(list)
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        toks = tokenize_words(text)
        words = [t.text.lower() for t in toks]
        grams = [tuple(words[i:i + n]) for i in range(len(words) - n + 1)]
        tokens[doc_id], shingles[doc_id], texts[doc_id] = toks, grams, text
        for gram in dict.fromkeys(grams):
            index[gram].append(doc_id)
    pairs = sorted({(a, b) for ids in index.values() for i, a in enumerate(ids) for b in ids[i + 1:]})
    rows = []
    for a, b in pairs:
        set_a, set_b = set(shingles[a]), set(shingles[b])
        shared = set_a & set_b
        jaccard = len(shared) / len(set_a | set_b)
        containment = len(shared) / min(len(set_a), len(set_b))
        positions_b = defaultdict(list)
        for k, gram in enumerate(shingles[b]):
            positions_b[gram].append(k)
        i = 0
        while i < len(shingles[a]):
            gram = shingles[a][i]
            if gram not in shared:
                i += 1
                continue
            # Longest run of identical words starting here, against every place b has this shingle.
            best_k, best_len = 0, -1
            for k in positions_b[gram]:
                length = 0
                while (i + length < len(shingles[a]) and k + length < len(shingles[b])
                       and shingles[a][i + length] == shingles[b][k + length]):
                    length += 1
                if length > best_len:
                    best_k, best_len = k, length
            last_a, last_b = i + best_len - 1 + n - 1, best_k + best_len - 1 + n - 1
            start, end = tokens[a][i].start, tokens[a][last_a].end
            other_start, other_end = tokens[b][best_k].start, tokens[b][last_b].end
            rows.append((a, b, start, end, texts[a][start:end], other_start, other_end,
                         texts[b][other_start:other_end], best_len + n - 1, len(set_a), len(set_b), len(shared),
                         jaccard, containment, jaccard >= near_duplicate))
            i += best_len
    return pd.DataFrame(rows, columns=["doc_id", "other_doc_id", "start", "end", "passage", "other_start",
                                       "other_end", "other_passage", "passage_words", "shingles", "other_shingles",
                                       "shared_shingles", "jaccard", "containment", "near_duplicate"])
