"""Split cleaned text into sentences and words, offline (no downloaded models).

Every token and sentence carries its character span in the cleaned text, so
that measures can point back to the exact words they counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Token", "Quote", "tokenize_words", "split_sentences", "count_words", "find_quotes"]

# A word: letters or digits, with inner hyphens, apostrophes or periods
# ("cease-fire", "Kyiv's", "U.S.").
_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*\.?(?<=\w\.\w\.)|[^\W_]+(?:[-'’][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])")


@dataclass(frozen=True)
class Token:
    """A word and its character span in the text it came from."""

    text: str
    start: int
    end: int


def tokenize_words(text: str) -> list[Token]:
    """Return the words of ``text`` with their character offsets.

    Examples
    --------
    >>> [t.text for t in tokenize_words("Kyiv's cease-fire talks.")]
    ["Kyiv's", 'cease-fire', 'talks']
    """
    return [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def count_words(text: str) -> int:
    """Number of words in ``text``: the one word count every rate uses.

    Examples
    --------
    >>> count_words("Kyiv and Moscow will meet on Wednesday.")
    7
    """
    return sum(1 for _ in _WORD.finditer(text))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) character spans of the sentences in ``text``.

    Examples
    --------
    >>> text = "Talks resume. Both sides agreed."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Talks resume.', 'Both sides agreed.']
    """
    spans = []
    for block in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        start = block.start()
        for m in _SENTENCE_END.finditer(block.group()):
            end = block.start() + m.start()
            spans.append((start, end))
            start = block.start() + m.end()
        spans.append((start, block.end()))
    return [(s, e) for s, e in spans if text[s:e].strip()]


@dataclass(frozen=True)
class Quote:
    """A direct quotation: the span of the words between the quotation marks."""

    start: int
    end: int


_QUOTE_PAIR = re.compile(r"“([^“”\n]+)”|\"([^\"\n]+)\"")


def find_quotes(text: str) -> list[Quote]:
    """Return the spans of direct quotations (the text inside the marks).

    Straight and curly double quotation marks are recognised; a mark without
    a partner in the same paragraph opens no quotation.

    Examples
    --------
    >>> text = 'He said “no deal” and "we will see".'
    >>> [text[q.start:q.end] for q in find_quotes(text)]
    ['no deal', 'we will see']
    """
    quotes = []
    for m in _QUOTE_PAIR.finditer(text):
        group = 1 if m.group(1) is not None else 2
        quotes.append(Quote(m.start(group), m.end(group)))
    return quotes
