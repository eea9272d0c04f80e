"""Separate the article body from the rest of a scraped page, with an audit trail.

First pass: line-level rules on length, terminal punctuation and repetition.
Every line that is not kept is recorded as a removed span with a reason code,
so nothing vanishes without trace.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Paragraph", "RemovedSpan", "CleanedDocument", "clean_document", "clean_corpus",
           "REMOVED_COLUMNS"]

REMOVED_COLUMNS = ("doc_id", "line", "start", "end", "text", "rule")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
MIN_BODY_WORDS = 8


@dataclass(frozen=True)
class Paragraph:
    """A kept body paragraph and its character span in the raw text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class RemovedSpan:
    """A span of the raw text not kept in the body, and the rule that removed it."""

    line: int
    start: int
    end: int
    text: str
    rule: str


@dataclass
class CleanedDocument:
    """The parts of one page: title, body paragraphs and what was removed."""

    title: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    removed: list[RemovedSpan] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The body: paragraphs separated by blank lines."""
        return "\n\n".join(p.text for p in self.paragraphs)


def _lines(raw: str):
    """Yield (line number, start, end, text) for every non-blank line of ``raw``."""
    offset = 0
    for number, line in enumerate(raw.splitlines(keepends=True), start=1):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            yield number, offset + lead, offset + lead + len(stripped), stripped
        offset += len(line)


def clean_document(raw: str) -> CleanedDocument:
    """Split a raw page into title, body paragraphs and removed spans.

    Parameters
    ----------
    raw : str
        The decoded raw text.

    Returns
    -------
    CleanedDocument

    Examples
    --------
    >>> doc = clean_document("Home\\nTalks resume in Istanbul\\n"
    ...                      "Negotiators from both sides met in Istanbul on Tuesday morning.\\nShare")
    >>> doc.title, doc.text
    ('Talks resume in Istanbul', 'Negotiators from both sides met in Istanbul on Tuesday morning.')
    >>> [r.rule for r in doc.removed]
    ['short_line', 'title', 'short_line']
    """
    doc = CleanedDocument()
    seen: set[str] = set()
    for number, start, end, text in _lines(raw):
        key = unicodedata.normalize("NFC", text).casefold()
        words = len(_WORD.findall(text))
        if key in seen:
            rule = "duplicate_line"
        elif words >= MIN_BODY_WORDS and _TERMINAL.search(text):
            doc.paragraphs.append(Paragraph(unicodedata.normalize("NFC", text), start, end))
            seen.add(key)
            continue
        elif not doc.title and not doc.paragraphs and 3 <= words <= 25 and not _TERMINAL.search(text):
            doc.title = unicodedata.normalize("NFC", text)
            rule = "title"
        elif words < MIN_BODY_WORDS:
            rule = "short_line"
        else:
            rule = "no_terminal_punctuation"
        seen.add(key)
        doc.removed.append(RemovedSpan(number, start, end, text, rule))
    return doc


def clean_corpus(corpus: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every document of a corpus loaded by :func:`corpus_analysis.io.load_corpus`.

    Returns
    -------
    documents : pandas.DataFrame
        The corpus without ``raw_text``, plus ``title``, ``text`` (the body) and
        ``paragraphs``; a document whose body is empty keeps its row with
        ``empty_body`` True.
    removed : pandas.DataFrame
        One row per removed span: :data:`REMOVED_COLUMNS`.
    """
    titles, texts, paragraphs, removed = [], [], [], []
    for doc_id, raw in zip(corpus["doc_id"], corpus["raw_text"]):
        doc = clean_document(raw)
        titles.append(doc.title)
        texts.append(doc.text)
        paragraphs.append(len(doc.paragraphs))
        removed.extend((doc_id, r.line, r.start, r.end, r.text, r.rule) for r in doc.removed)
    documents = corpus.drop(columns=["raw_text"]).copy()
    documents["title"] = titles
    documents["text"] = texts
    documents["paragraphs"] = paragraphs
    documents["empty_body"] = documents["text"].str.len() == 0
    return documents, pd.DataFrame(removed, columns=list(REMOVED_COLUMNS))
