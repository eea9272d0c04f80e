"""The evidence table shared by every lexicon measure: one row per hit.

Framing and hedging measures all return rows of this shape, so that one table
holds every hit in the corpus and every count in every results table is a
filter of it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..tokenize import find_quotes, split_sentences

__all__ = ["EVIDENCE_COLUMNS", "CONTEXT_CHARS", "TextIndex", "make_evidence"]

EVIDENCE_COLUMNS = ("doc_id", "measure", "group", "variant", "matched", "start", "end",
                    "sentence", "left", "right", "voice")
CONTEXT_CHARS = 60


class TextIndex:
    """Sentences and quotations of one cleaned text, computed once and shared by all measures."""

    def __init__(self, text: str):
        self.text = text
        self.sentences = split_sentences(text)
        self.quotes = find_quotes(text)

    def sentence_at(self, offset: int) -> str:
        """The sentence containing character ``offset`` ('' if none)."""
        for start, end in self.sentences:
            if start <= offset < end:
                return self.text[start:end]
        return ""

    def voice_at(self, start: int, end: int) -> str:
        """'quoted' if the span lies inside a direct quotation, else 'journalist'."""
        return "quoted" if any(q.start <= start and end <= q.end for q in self.quotes) else "journalist"

    def row(self, doc_id: str, measure: str, group: str, variant: str, start: int, end: int) -> tuple:
        """One evidence row for the span ``text[start:end]``."""
        return (doc_id, measure, group, variant, self.text[start:end], start, end,
                self.sentence_at(start), self.text[max(0, start - CONTEXT_CHARS):start],
                self.text[end:end + CONTEXT_CHARS], self.voice_at(start, end))


def make_evidence(rows: Iterable[tuple]) -> pd.DataFrame:
    """Build an evidence table from rows in :data:`EVIDENCE_COLUMNS` order, in a stable order."""
    frame = pd.DataFrame(list(rows), columns=list(EVIDENCE_COLUMNS))
    frame = frame.astype({"start": "int64", "end": "int64"})
    return frame.sort_values(["doc_id", "start", "measure", "group", "variant"], kind="stable").reset_index(drop=True)
