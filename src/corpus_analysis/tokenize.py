"""Split cleaned text into sentences, words and direct quotations, offline.

No downloaded model is used (no NLTK ``punkt_tab``): the rules below are
written for English news copy and every one of them is documented in
``docs/framing.md``.  Every token, sentence and quotation carries its
character span in the cleaned text, so that measures can point back to the
exact words they counted.

What a word is
--------------
A *word* is a maximal run of letters and digits, joined into one word by

* inner hyphens: ``cease-fire``, ``pro-Kyiv``, ``50-day``,
  ``three-and-a-half-year``;
* inner apostrophes, straight or curly: ``Kyiv's``, ``Zelenskyy’s``, ``don't``;
* inner periods or commas between digits: ``3.5``, ``1,000``;
* the periods of a dotted abbreviation of single letters: ``U.S.``, ``a.m.``.

Punctuation and symbols are not words: ``$95 billion`` is two words
(``95``, ``billion``), ``20%`` is one (``20``), ``0930 GMT`` two, and a dash
between spaces is none.  A period that ends a title abbreviation is not part
of the word (``Mr.`` counts as the word ``Mr``).  :func:`count_words` is the
one word count behind every per-1,000-word rate in the package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["Token", "Quote", "tokenize_words", "word_spans", "split_sentences", "count_words", "find_quotes",
           "ABBREVIATIONS", "NUMBER_ABBREVIATIONS"]

_ALNUM = r"[^\W_]"
# Order matters: a dotted abbreviation ("U.S.") must win over the plain word
# ("U"), and a number with separators ("1,000.5") over its first digits.
# Every word opens with a letter or digit, matched once before the three
# alternatives: the regex engine then skips to letters and digits instead of
# trying each alternative at every position.  The pattern is
#   (?:A\.){2,}(?!A) | \d+(?:[.,]\d+)+(?:[-'’]A+)* | A+(?:[-'’]A+)*
# with its first character (A, a letter or digit) taken out in front.  The
# repeats that end a word are possessive (*+): nothing follows them, so the
# first way they match is the match and there is nothing to backtrack into,
# and the regex engine matches a possessive repeat faster (about a fifth
# off a word count).
_WORD = re.compile(
    rf"{_ALNUM}(?:"
    rf"\.(?:{_ALNUM}\.)+(?!{_ALNUM})"                 # U.S.  a.m.  U.K.
    rf"|(?<=\d)\d*(?:[.,]\d+)+(?:[-'’]{_ALNUM}+)*+"   # 1,000  3.5  1.5-metre
    rf"|{_ALNUM}*+(?:[-'’]{_ALNUM}+)*+"                 # Kyiv's  cease-fire  50-day
    r")"
)
# The same words, for counting: with an empty group, findall lists an empty
# string per word instead of copying each word out of the text.
_COUNTED_WORD = re.compile(_WORD.pattern + "()")


class Token(NamedTuple):
    """A word and its character span in the text it came from."""

    text: str
    start: int
    end: int


# Tokens are built with tuple.__new__, skipping the named tuple's Python-level
# __new__: tokenising makes one per word.
_new_tuple = tuple.__new__


_SPACE = re.compile(r"\s")


def tokenize_words(text: str) -> list[Token]:
    """Return the words of ``text`` with their character offsets.

    Parameters
    ----------
    text : str
        Cleaned text.

    Returns
    -------
    list of Token
        One token per word, in text order (see the module docstring for what
        a word is).

    Examples
    --------
    >>> [t.text for t in tokenize_words("Kyiv's cease-fire talks.")]
    ["Kyiv's", 'cease-fire', 'talks']
    >>> [t.text for t in tokenize_words("The U.S. pledged $95 billion, 20% more, at 0930 GMT.")]
    ['The', 'U.S.', 'pledged', '95', 'billion', '20', 'more', 'at', '0930', 'GMT']
    """
    return [_new_tuple(Token, (m.group(), m.start(), m.end())) for m in _WORD.finditer(text)]


def word_spans(text: str, start: int = 0, end: int | None = None, limit: int | None = None) -> list[Token]:
    """The words of ``text`` that start in ``[start, end)``.

    The same tokens as :func:`tokenize_words` (a word starting before
    ``end`` is whole, even if it runs past it), for measures that look at
    the words around a few places without splitting the whole text.
    ``start`` must not fall inside a word: the start of the text, a position
    after whitespace, or the end of a word.

    Parameters
    ----------
    text : str
        Cleaned text.
    start, end : int, optional
        Where the words start (default: the whole text).
    limit : int, optional
        Return the first ``limit`` words only (and split no further).

    Examples
    --------
    >>> text = "Talks resume. Kyiv's envoy left."
    >>> [(t.text, t.start) for t in word_spans(text, 14)]
    [("Kyiv's", 14), ('envoy', 21), ('left', 27)]
    >>> [t.text for t in word_spans(text, 14, 16)], [t.text for t in word_spans(text, 14, limit=2)]
    (["Kyiv's"], ["Kyiv's", 'envoy'])
    """
    end = len(text) if end is None else end
    if limit is not None:
        words = []
        for m in _WORD.finditer(text, start):
            if m.start() >= end or len(words) >= limit:
                break
            words.append(_new_tuple(Token, (m.group(), m.start(), m.end())))
        return words
    # Words hold no whitespace: up to the next whitespace after ``end``,
    # the words are those of the whole text.
    space = _SPACE.search(text, end) if end < len(text) else None
    stop = space.start() if space else len(text)
    words = [_new_tuple(Token, (m.group(), m.start(), m.end())) for m in _WORD.finditer(text, start, stop)]
    while words and words[-1][1] >= end:
        words.pop()
    return words


def count_words(text: str) -> int:
    """Number of words in ``text``: the one word count every rate uses.

    Parameters
    ----------
    text : str
        Cleaned text.

    Returns
    -------
    int
        ``len(tokenize_words(text))``.

    Examples
    --------
    >>> count_words("Kyiv and Moscow will meet on Wednesday.")
    7
    >>> count_words("A three-and-a-half-year war — Mr. Putin’s war.")
    6
    """
    return len(_COUNTED_WORD.findall(text))


# Abbreviations after which a period does not end a sentence when more text
# follows.  Titles and ranks always precede a name; month abbreviations
# precede a day ("Feb. 24").  Source: AP Stylebook abbreviation entries
# (titles, months, military ranks); the Punkt idea of an abbreviation list
# set in code (Kiss & Strunk 2006, Computational Linguistics 32(4)).
ABBREVIATIONS = frozenset("""
Mr Mrs Ms Messrs Dr Prof Sen Rep Gov Lt Col Gen Maj Capt Cmdr Adm Sgt Cpl Pvt Rev Fr Sr Jr St Hon Pres
vs approx est Ft Mt
""".split())
# Abbreviations that stand before a number ("Feb. 24", "No. 1"): they end no
# sentence when a digit follows, but "No." before a capital is the word no.
NUMBER_ABBREVIATIONS = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec No Nos Nr Vol Fig".split())
# Abbreviations that often end a sentence too ("... the U.S. The talks"):
# after these, split only when the next word is a usual sentence opener.
_AMBIGUOUS_ENDING = frozenset("Inc Ltd Co Corp Bros etc".split())
_SENTENCE_OPENERS = frozenset("""
The A An He She It They We I You His Her Its Their Our This That These Those There Here But And Yet So
In On At For After Before When While As If Asked According Meanwhile However Still Earlier Later
""".split())

# A candidate boundary: terminal punctuation, optional closing quotes or
# brackets, whitespace, then optional opening quotes or brackets and an
# upper-case letter or a digit.  The first punctuation mark is written out
# before the repeat ("[.!?…][.!?…]*", not "[.!?…]+"): a pattern opening with
# a character set lets the regex engine skip to those characters, which a
# repeat does not (twice as fast a scan, the same matches).
_BOUNDARY = re.compile(r"[.!?…][.!?…]*[\"'”’)\]]*(\s+)(?=[\"'“‘(\[]*([^\W_]+))")
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
_WORD_BEFORE = re.compile(r"((?:[^\W_]\.)*[^\W_]+)\.$")
_SINGLE_LETTERS = re.compile(r"(?:[^\W_]\.)*[^\W_]")


def _is_boundary(text: str, match: re.Match, block_start: int = 0) -> bool:
    # ``match`` is a _BOUNDARY match in the paragraph of ``text`` that starts at ``block_start``.
    following = match.group(2)
    if not (following[0].isupper() or following[0].isdigit()):
        return False
    punct_end = match.start(1)
    if text[match.start()] != "." or text[punct_end - 1] != ".":
        return True
    # The word before the period holds no space or line break: searching from
    # the last one finds the same word as searching the whole block, without
    # rescanning the block for every candidate boundary.
    after_space = max(text.rfind(" ", block_start, punct_end), text.rfind("\n", block_start, punct_end),
                      block_start - 1) + 1
    before = _WORD_BEFORE.search(text, after_space, punct_end)
    if before is None:
        return True
    word = before.group(1)
    if word in ABBREVIATIONS:
        return False
    if word in NUMBER_ABBREVIATIONS:
        return not following[0].isdigit()
    single_letters = _SINGLE_LETTERS.fullmatch(word) is not None
    if single_letters and len(word) == 1 and word.isupper():
        # An initial ("John F. Kennedy"): a name follows, not a new sentence.
        return following in _SENTENCE_OPENERS
    if single_letters or word in _AMBIGUOUS_ENDING:
        # "U.S." or "a.m." ends a sentence only if a usual opener follows.
        return following in _SENTENCE_OPENERS
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) character spans of the sentences in ``text``.

    A paragraph break (blank line) always ends a sentence; inside a
    paragraph, a sentence ends at ``.``, ``!``, ``?`` or ``…`` (with
    any closing quotation marks) followed by a capital letter or a digit,
    except after a title or rank abbreviation (``Mr.``, ``Gen.``), after a
    month or number abbreviation before a digit (``Feb. 24``, ``No. 1``), and after an initial or a dotted abbreviation (``J.``,
    ``U.S.``) unless a usual sentence opener (``The``, ``He``, ...) follows.

    Parameters
    ----------
    text : str
        Cleaned text.

    Returns
    -------
    list of (int, int)
        Sentence spans, in text order, without surrounding whitespace.

    Examples
    --------
    >>> text = "Talks resume. Both sides agreed."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Talks resume.', 'Both sides agreed.']
    >>> text = "Mr. Putin met U.S. envoys on Feb. 24. The talks failed."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Mr. Putin met U.S. envoys on Feb. 24.', 'The talks failed.']
    """
    # Each paragraph is searched in place (the search stops at its end, as
    # it would in a copy of the paragraph), and a span is stripped only when
    # it starts or ends with white space: a sentence inside a paragraph
    # starts after the white space of its boundary and ends at punctuation.
    spans = []
    append = spans.append
    isspace = str.isspace
    for block in _PARAGRAPH.finditer(text):
        block_start, block_end = block.span()
        start = block_start
        for m in _BOUNDARY.finditer(text, block_start, block_end):
            if _is_boundary(text, m, block_start):
                end = m.start(1)
                if start < end and not isspace(text[start]) and not isspace(text[end - 1]):
                    append((start, end))
                else:
                    _append_stripped(spans, text, start, end)
                start = m.end(1)
        _append_stripped(spans, text, start, block_end)
    return spans


def _append_stripped(spans: list, text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        start += len(piece) - len(piece.lstrip())
        spans.append((start, start + len(stripped)))


@dataclass(frozen=True)
class Quote:
    """A direct quotation: the span of the words between the quotation marks."""

    start: int
    end: int


# Double quotation marks only: single curly marks are also apostrophes
# ("Kyiv’s", "forces’") and cannot be told apart reliably.
_MARK = re.compile(r"[\"“”„«»]")
_OPENERS = "“„«"
_CLOSERS = "”»"


def _mark_role(text: str, i: int) -> str:
    mark = text[i]
    if mark in _OPENERS:
        return "open"
    if mark in _CLOSERS:
        return "close"
    # A straight mark opens after a space, a line start or an opening
    # bracket or dash; otherwise it closes.
    before = text[i - 1] if i > 0 else "\n"
    return "open" if before.isspace() or before in "([{—–-/" else "close"


def find_quotes(text: str) -> list[Quote]:
    """Return the spans of direct quotations (the text inside the marks).

    Straight (``"``) and curly (``“ ”``) double marks are read by position: a
    mark after a space or line start opens, any other closes (curly marks say
    which they are).  An opening mark is paired with the next closing mark in
    the same paragraph.  Unbalanced marks are robustly ignored: a closing
    mark with nothing open opens nothing; an opening mark that is opened again
    before it closes is dropped; an opening mark left open at the end of a
    paragraph quotes to the paragraph end only when the next paragraph opens
    with a quotation mark (the news convention for a quotation running over
    several paragraphs), otherwise it is dropped.

    Parameters
    ----------
    text : str
        Cleaned text, paragraphs separated by blank lines.

    Returns
    -------
    list of Quote
        Non-overlapping spans, in text order.

    Examples
    --------
    >>> text = 'He said “no deal” and "we will see".'
    >>> [text[q.start:q.end] for q in find_quotes(text)]
    ['no deal', 'we will see']
    >>> text = 'A stray ” mark, then “a fine quote” and a “dangling one.'
    >>> [text[q.start:q.end] for q in find_quotes(text)]
    ['a fine quote']
    """
    quotes = []
    paragraphs = list(_PARAGRAPH.finditer(text))
    for number, para in enumerate(paragraphs):
        opened = None
        for m in _MARK.finditer(text, para.start(), para.end()):
            role = _mark_role(text, m.start())
            if role == "open":
                opened = m.end()
            elif opened is not None:
                if text[opened:m.start()].strip():
                    quotes.append(Quote(opened, m.start()))
                opened = None
        if opened is not None and number + 1 < len(paragraphs):
            following = paragraphs[number + 1].group().lstrip()
            if following[:1] in _OPENERS + '"' and text[opened:para.end()].strip():
                quotes.append(Quote(opened, para.end()))
    return quotes
