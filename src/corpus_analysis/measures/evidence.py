"""The evidence table shared by every lexicon measure: one row per hit.

Framing and hedging measures all return rows of this shape, so that one table
holds every hit in the corpus and every count in every results table is a
filter of it.

Columns: ``doc_id``; ``measure`` (e.g. toponym, label); ``group`` and
``variant`` (the lexicon entry); ``matched`` (the text as written);
``start``/``end`` (character offsets in the cleaned text); ``sentence``;
``left``/``right`` (context); ``voice`` ('quoted' inside a direct quotation,
else 'journalist'); ``target`` (whom a label is applied to, or who speaks, for
quotations and attribution verbs; '' when the text does not make it clear or
the measure has none); ``negated`` (True when a label is denied, "not a war";
False for other measures).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pandas as pd

from ..tokenize import Token, find_quotes, split_sentences, tokenize_words

__all__ = ["EVIDENCE_COLUMNS", "EVIDENCE_DEFAULTS", "CONTEXT_CHARS", "TextIndex", "text_index",
           "shared_text_indexes", "make_evidence"]

EVIDENCE_COLUMNS = ("doc_id", "measure", "group", "variant", "matched", "start", "end",
                    "sentence", "left", "right", "voice", "target", "negated")
# Defaults of the trailing columns, for measures whose rows stop at "voice".
EVIDENCE_DEFAULTS = {"target": "", "negated": False}
CONTEXT_CHARS = 60


class TextIndex:
    """Sentences and quotations of one cleaned text, computed once and shared by all measures."""

    def __init__(self, text: str):
        self.text = text
        self.sentences = split_sentences(text)
        self.quotes = find_quotes(text)
        self._sentence_starts = [start for start, _ in self.sentences]
        self._tokens: list[Token] | None = None

    @property
    def tokens(self) -> list[Token]:
        """The words of the text (tokenised once, on first use)."""
        if self._tokens is None:
            self._tokens = tokenize_words(self.text)
            self._token_starts = [t.start for t in self._tokens]
        return self._tokens

    @property
    def lowercase_words(self) -> frozenset:
        """The words the text writes in lower case (to tell names from ordinary words)."""
        if getattr(self, "_lowercase", None) is None:
            self._lowercase = frozenset(t.text for t in self.tokens if t.text.islower())
        return self._lowercase

    @property
    def token_starts(self) -> list[int]:
        """Start offsets of :attr:`tokens`, for bisecting."""
        self.tokens
        return self._token_starts

    def sentence_span_at(self, offset: int) -> tuple[int, int] | None:
        """The (start, end) span of the sentence containing ``offset`` (None if none)."""
        i = bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i][1]:
            return self.sentences[i]
        return None

    def sentence_at(self, offset: int) -> str:
        """The sentence containing character ``offset`` ('' if none)."""
        span = self.sentence_span_at(offset)
        return self.text[span[0]:span[1]] if span else ""

    def voice_at(self, start: int, end: int) -> str:
        """'quoted' if the span lies inside a direct quotation, else 'journalist'."""
        return "quoted" if any(q.start <= start and end <= q.end for q in self.quotes) else "journalist"

    def row(self, doc_id: str, measure: str, group: str, variant: str, start: int, end: int,
            target: str = "", negated: bool = False, window: int = CONTEXT_CHARS) -> tuple:
        """One evidence row for the span ``text[start:end]``."""
        return (doc_id, measure, group, variant, self.text[start:end], start, end,
                self.sentence_at(start), self.text[max(0, start - window):start],
                self.text[end:end + window], self.voice_at(start, end), target, bool(negated))


# Text -> TextIndex while a batch is analysed (see shared_text_indexes); None outside.
_SHARED: dict[str, TextIndex] | None = None


@contextmanager
def shared_text_indexes() -> Iterator[None]:
    """Within this block, :func:`text_index` builds each text's index once and shares it.

    :func:`corpus_analysis.pipeline.analyse_partition` opens it around one
    batch, so that cleaning's output is split into sentences, quotations and
    words once for all measures; the indexes are dropped when the block ends,
    so memory is bounded by the batch.
    """
    global _SHARED
    outer = _SHARED
    _SHARED = {} if outer is None else outer
    try:
        yield
    finally:
        _SHARED = outer


def text_index(text: str) -> TextIndex:
    """The :class:`TextIndex` of ``text``: shared inside :func:`shared_text_indexes`, else new."""
    if _SHARED is None:
        return TextIndex(text)
    index = _SHARED.get(text)
    if index is None:
        index = _SHARED[text] = TextIndex(text)
    return index


def make_evidence(rows: Iterable[tuple]) -> pd.DataFrame:
    """Build an evidence table from rows in :data:`EVIDENCE_COLUMNS` order, in a stable order.

    Rows may stop after ``voice``; the trailing columns then take their
    :data:`EVIDENCE_DEFAULTS`.
    """
    width = len(EVIDENCE_COLUMNS)
    tail = tuple(EVIDENCE_DEFAULTS[c] for c in EVIDENCE_COLUMNS[len(EVIDENCE_COLUMNS) - len(EVIDENCE_DEFAULTS):])
    padded = [tuple(r) + tail[len(r) - (width - len(tail)):] if len(r) < width else tuple(r) for r in rows]
    frame = pd.DataFrame(padded, columns=list(EVIDENCE_COLUMNS))
    frame = frame.astype({"start": "int64", "end": "int64", "negated": "bool"})
    return frame.sort_values(["doc_id", "start", "measure", "group", "variant"], kind="stable").reset_index(drop=True)
