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
from functools import cached_property
from itertools import filterfalse
from operator import itemgetter

import numpy as np
import pandas as pd

from ..tokenize import (_WORD, Quote, Token, _new_tuple, count_words, find_quotes, split_sentences, tokenize_words,
                        word_spans)

__all__ = ["EVIDENCE_COLUMNS", "EVIDENCE_DEFAULTS", "CONTEXT_CHARS", "TextIndex", "text_index",
           "shared_text_indexes", "make_evidence"]

EVIDENCE_COLUMNS = ("doc_id", "measure", "group", "variant", "matched", "start", "end",
                    "sentence", "left", "right", "voice", "target", "negated")
# Defaults of the trailing columns, for measures whose rows stop at "voice".
EVIDENCE_DEFAULTS = {"target": "", "negated": False}
CONTEXT_CHARS = 60
# The characters other than letters and digits that a word may hold ("U.S.",
# "1,000", "Kyiv's", "Kyiv’s", "cease-fire"; see tokenize._WORD).
_JOINERS = ".,'’-"
# Punctuation that opens or closes a word in running text (no letter or digit).
_PUNCTUATION = "\"'’‘“”„«»()[]{},.;:!?…—–-"


# Words hold no whitespace, and no word reaches across one (the word
# pattern's look-arounds see only letters and digits), so the words of a text
# are those of its whitespace-separated tokens taken one by one: a text's word
# count is the sum of its tokens' counts, each counted once per token type.
# A token of letters and digits only is one word (the word pattern's character
# class [^\W_] is what str.isalnum() accepts), and most tokens are such: only
# the others are looked up.  The cache restarts between documents once it
# holds _TOKEN_CACHE_SIZE types, so memory does not grow with an open
# vocabulary (one document may take it past that size by its own new types).
_TOKEN_CACHE_SIZE = 200_000


class _TokenExtraWords(dict):
    """Token (not of letters and digits only) -> its word count less one, counted on first look-up.

    A token that has not been seen yet is counted when it is looked up
    (``__missing__``), so a document's sum needs no separate pass for its new
    token types; looking up a known token costs what a plain dict's does.
    """

    def __missing__(self, token: str) -> int:
        count = self[token] = count_words(token) - 1
        return count


_TOKEN_EXTRA_WORDS = _TokenExtraWords()


def count_token_words(tokens: list[str]) -> int:
    """:func:`~corpus_analysis.tokenize.count_words` of a text, from its ``str.split()`` tokens."""
    if len(_TOKEN_EXTRA_WORDS) >= _TOKEN_CACHE_SIZE:
        _TOKEN_EXTRA_WORDS.clear()
    # One word per token, corrected for the tokens with punctuation ("said.",
    # "well-known", "—", "5,000").
    return len(tokens) + sum(map(_TOKEN_EXTRA_WORDS.__getitem__, filterfalse(str.isalnum, tokens)))


class TextIndex:
    """Sentences, quotations and words of one cleaned text, computed once and shared by all measures.

    Each part is computed on first use; a measure looking at the words around
    a few hits splits only those words (:meth:`words_between`,
    :meth:`words_before`), not the whole text.
    """

    def __init__(self, text: str):
        self.text = text
        self._tokens: list[Token] | None = None

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans (:func:`~corpus_analysis.tokenize.split_sentences`)."""
        return split_sentences(self.text)

    @cached_property
    def quotes(self) -> list[Quote]:
        """Direct quotations (:func:`~corpus_analysis.tokenize.find_quotes`)."""
        return find_quotes(self.text)

    @cached_property
    def space_tokens(self) -> list[str]:
        """The text split at whitespace (``str.split()``), as readability counts it."""
        return self.text.split()

    @cached_property
    def word_count(self) -> int:
        """:func:`~corpus_analysis.tokenize.count_words` of the text, counted once."""
        return count_token_words(self.space_tokens)

    @cached_property
    def sentence_starts(self) -> list[int]:
        """Where each sentence starts (the first offsets of :attr:`sentences`)."""
        return [start for start, _ in self.sentences]

    @property
    def tokens(self) -> list[Token]:
        """The words of the text (tokenised once, on first use)."""
        if self._tokens is None:
            self._tokens = tokenize_words(self.text)
        return self._tokens

    def has_word(self, word: str) -> bool:
        """Whether ``word`` is one of the words of the text (``word in`` the texts of :attr:`tokens`).

        Only the places where ``word`` occurs as a string are split into words.
        """
        if self._tokens is not None:
            return any(t.text == word for t in self._tokens)
        text = self.text
        at = text.find(word)
        while at >= 0:
            if any(t.text == word for t in self.words_between(at, at + 1)):
                return True
            at = text.find(word, at + 1)
        return False

    def words_before(self, end: int, start: int) -> Iterator[Token]:
        """The words starting in ``[start, end)``, last first.

        For walking back from a hit over the few words before it: the text is
        split one space-separated piece at a time, from ``end`` back; a piece
        of letters and digits only is one word.  ``start`` must not fall
        inside a word (a sentence start).
        """
        text = self.text
        finditer = _WORD.finditer
        if end > start and not text[end - 1].isspace():
            # A word starting before ``end`` may run on past it: the words of
            # the piece holding end - 1 are read up to the first word starting
            # at or after ``end`` (a word starting before it is whole as the
            # whole text's word).
            cut = max(text.rfind(" ", start, end) + 1, start)
            words = []
            for m in finditer(text, cut):
                at, stop = m.span()
                if at >= end:
                    break
                words.append(_new_tuple(Token, (m.group(), at, stop)))
            yield from reversed(words)
            end = cut
        while end > start:
            # text[end - 1] is white space: words hold none, and the regex
            # engine reads no word past it, so the words found in the piece
            # before it, with the text cut at its end, are the whole text's.
            stop = end - 1
            while stop > start and text[stop - 1].isspace():
                stop -= 1
            if stop == start:
                return
            cut = max(text.rfind(" ", start, stop) + 1, start)
            piece = text[cut:stop]
            if piece.isalnum():
                yield _new_tuple(Token, (piece, cut, stop))
                end = cut
                continue
            # Punctuation around one run of letters and digits ('“We',
            # 'slept,”', 'Peskov.') leaves the run as the piece's one word:
            # every word opens with a letter or digit, and none goes on over
            # punctuation without one after it.
            rest = piece.lstrip(_PUNCTUATION)
            core = rest.rstrip(_PUNCTUATION)
            if core.isalnum():
                first = cut + len(piece) - len(rest)
                yield _new_tuple(Token, (core, first, first + len(core)))
            elif core:
                yield from reversed([_new_tuple(Token, (m.group(), *m.span())) for m in finditer(text, cut, stop)])
            end = cut

    def words_between(self, start: int, end: int, limit: int | None = None) -> list[Token]:
        """The words starting in ``[start, end)``, the first ``limit`` only.

        The same words as :attr:`tokens`, split from the nearest space before
        ``start`` on (``start`` may fall inside a word).
        """
        text = self.text
        cut = text.rfind(" ", 0, start) + 1
        if limit is not None and limit >= 0:
            # word_spans(text, cut, end, limit + start - cut) less the words
            # before ``start``, without making those into tokens.
            at_start = text[start:start + 1]
            if cut < start and not (at_start.isalnum() or at_start in _JOINERS):
                # No word holds the character at ``start`` (a closing mark,
                # a space): the words from there on are found from there.
                cut = start
            words = []
            if limit > 0:
                for m in _WORD.finditer(text, cut):
                    at = m.start()
                    if at >= end:
                        break
                    if at >= start:
                        words.append(_new_tuple(Token, (m.group(), at, m.end())))
                        if len(words) >= limit:
                            break
            return words
        # At most start - cut words start between that space and ``start``.
        words = word_spans(text, cut, end, None if limit is None else limit + start - cut)
        if words and words[0].start < start:
            words = [t for t in words if t.start >= start]
        return words if limit is None else words[:limit]

    def sentence_span_at(self, offset: int) -> tuple[int, int] | None:
        """The (start, end) span of the sentence containing ``offset`` (None if none)."""
        i = bisect_right(self.sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i][1]:
            return self.sentences[i]
        return None

    def sentence_at(self, offset: int) -> str:
        """The sentence containing character ``offset`` ('' if none)."""
        span = self.sentence_span_at(offset)
        return self.text[span[0]:span[1]] if span else ""

    @cached_property
    def _quote_starts(self) -> list[int]:
        return [q.start for q in self.quotes]

    def voice_at(self, start: int, end: int) -> str:
        """'quoted' if the span lies inside a direct quotation, else 'journalist'."""
        quotes = self.quotes
        if start <= end:
            # The quotations are disjoint and in text order (find_quotes): only
            # the last one opening at or before ``start`` can hold the span.
            i = bisect_right(self._quote_starts, start) - 1
            return "quoted" if i >= 0 and end <= quotes[i].end else "journalist"
        return "quoted" if any(q.start <= start and end <= q.end for q in quotes) else "journalist"

    def row(self, doc_id: str, measure: str, group: str, variant: str, start: int, end: int,
            target: str = "", negated: bool = False, window: int = CONTEXT_CHARS) -> tuple:
        """One evidence row for the span ``text[start:end]``."""
        text = self.text
        return (doc_id, measure, group, variant, text[start:end], start, end, self.sentence_at(start),
                text[max(0, start - window):start], text[end:end + window], self.voice_at(start, end), target,
                bool(negated))


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
    rows = rows if isinstance(rows, list) else list(rows)
    if set(map(type, rows)) <= {tuple} and set(map(len, rows)) <= {width}:
        padded = rows.copy()  # full rows already (the common case), tested at C speed
    else:
        padded = [r if type(r) is tuple and len(r) == width else
                  tuple(r) + tail[len(r) - (width - len(tail)):] if len(r) < width else tuple(r) for r in rows]
    if not padded:
        frame = pd.DataFrame(padded, columns=list(EVIDENCE_COLUMNS))
        return frame.astype({"start": "int64", "end": "int64", "negated": "bool"})
    # Sorted here, before the table is built (a stable sort on the same keys
    # as pandas' stable sort_values), and built column by column: building a
    # table from row tuples and sorting it costs a batch several times more.
    padded.sort(key=_evidence_order)
    columns = dict(zip(EVIDENCE_COLUMNS, map(list, zip(*padded))))
    for name, dtype in (("start", "int64"), ("end", "int64"), ("negated", "bool")):
        columns[name] = np.array(columns[name], dtype=dtype)
    return pd.DataFrame(columns)


# doc_id, start, measure, group, variant: the order of every evidence table.
_evidence_order = itemgetter(0, 5, 1, 2, 3)
