"""Readability of cleaned bodies: textstat's indices, computed once per document.

textstat (0.7.13) recomputes its word list, syllables and sentence count in
every function call, and caches syllables for only the last 128 words.  This
module reproduces textstat's own counting rules (its ``list_words`` /
``remove_punctuation``, its sentence regex, its syllable counter: CMU
dictionary through NLTK, Pyphen for words not in it, and its Dale-Chall easy
word list), counts each document once, caches syllables and easy-word lookups
per word type and each whitespace-separated token's counts per token type
(across documents), and derives every index from those counts with textstat's own
arithmetic, so the values equal textstat's to the last bit.  The test suite
compares them, index by index, with calls to textstat on the seed corpus and
on a few hundred generated texts.

The package's own sentence and word counts (``tokenize.split_sentences`` and
``tokenize.count_words``) are reported beside textstat's under distinct names:
the two disagree by design (textstat drops sentence fragments of two words or
fewer, splits on every '.', and keeps tokens without letters).  See
docs/readability_hedging.md.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, fields
from functools import cache

import numpy as np
import pandas as pd

from ..offline import require_cmudict
from .evidence import text_index

__all__ = ["ReadabilityCounts", "INDICES", "MINIMUMS", "count_readability", "score_readability"]

# textstat's language setting; its English configuration supplies the Flesch
# constants and the Gunning fog syllable threshold.
LANG = "en_US"

INDICES = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
           "coleman_liau_index", "automated_readability_index", "dale_chall_readability_score",
           "linsear_write_formula", "text_standard")

# Shortest body for which an index is reported without a flag: (count, minimum).
# SMOG's regression was fitted on samples of 30 sentences (McLaughlin 1969,
# "SMOG grading", J. Reading 12(8)).  The other formulas were calibrated on
# samples of about 100 words: Flesch (1948) and Kincaid et al. (1975, Navy
# report RBR 8-75, which also refitted ARI) on 100-word samples, Gunning
# (1952) on 100-word passages, Dale & Chall (1948) on 100-word samples,
# Coleman & Liau (1975) on letters and sentences per 100 words, and Linsear
# Write on a 100-word sample (textstat reads only the first 100 words).
# text_standard is the consensus of all of them, so it inherits every minimum.
MINIMUMS = {
    "flesch_reading_ease": ("textstat_words", 100),
    "flesch_kincaid_grade": ("textstat_words", 100),
    "gunning_fog": ("textstat_words", 100),
    "smog_index": ("textstat_sentences", 30),
    "coleman_liau_index": ("textstat_words", 100),
    "automated_readability_index": ("textstat_words", 100),
    "dale_chall_readability_score": ("textstat_words", 100),
    "linsear_write_formula": ("textstat_words", 100),
}

# The regular expressions below are textstat's, character for character.
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?!" + r"[tsd]|ve|ll|re" + ")")
_PUNCTUATION_KEEP_APOSTROPHE = re.compile(r"[^\w\s\']")
_PUNCTUATION = re.compile(r"[^\w\s]")
_SENTENCE_FRAGMENT = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)
# A fragment has more than two of textstat's words when three of its
# whitespace-separated tokens hold a word character (see count_readability).
# Tried only at token starts, with possessive quantifiers, so that it runs in
# linear time even on a fragment of two very long tokens.
_WORD_TOKEN = r"[^\s\w]*+\w\S*+"          # a token holding a word character
_OTHER_TOKENS = r"(?:[^\s\w]++\s++)*+"      # then tokens without one ("--")
_THREE_WORDS = re.compile(rf"(?<!\S){_WORD_TOKEN}\s++{_OTHER_TOKENS}{_WORD_TOKEN}\s++{_OTHER_TOKENS}[^\s\w]*+\w")
# Token types whose counts are kept across documents (then the caches restart,
# between two documents).
_TOKEN_CACHE_SIZE = 200_000


@dataclass(frozen=True)
class ReadabilityCounts:
    """The counts behind textstat's indices for one text, each as textstat counts it.

    Attributes
    ----------
    sentences : int
        textstat's sentence count: fragments ending in '.', '!' or '?' with
        more than two words (at least 1 for a non-empty text).
    words : int
        Words after removing punctuation (contractions and hyphenated words are one word).
    tokens : int
        Whitespace-separated tokens, punctuation included (ARI's word count).
    characters : int
        Non-whitespace characters (ARI).
    letters : int
        Letters, digits and underscores (Coleman-Liau).
    syllables : int
        Syllables: CMU dictionary, else Pyphen hyphenation points + 1.
    polysyllabic_words : int
        Words of three or more syllables (SMOG).
    complex_words : int
        Words of three or more syllables not on the Dale-Chall easy list (Gunning fog).
    dale_chall_difficult_words : int
        Words not on the Dale-Chall easy list (Dale-Chall).
    difficult_words : int
        Distinct words (case-sensitive) of two or more syllables not on the easy
        list: what ``textstat.difficult_words`` returns.
    linsear_easy_words, linsear_hard_words, linsear_sentences : int
        Linsear Write's counts over the first 100 words.
    """

    sentences: int
    words: int
    tokens: int
    characters: int
    letters: int
    syllables: int
    polysyllabic_words: int
    complex_words: int
    dale_chall_difficult_words: int
    difficult_words: int
    linsear_easy_words: int
    linsear_hard_words: int
    linsear_sentences: int


class _Resources:
    """textstat's data for English, loaded once (after making sure nothing is downloaded)."""

    def __init__(self):
        require_cmudict()
        from textstat.backend import utils

        # textstat's loader, without textstat's cache: that cache would keep
        # NLTK's CMU dictionary (some 300,000 lists) alive for the life of the
        # process and make every full garbage collection slow, while only the
        # syllable count of each word's first pronunciation is ever read.
        load_cmudict = getattr(utils.get_cmudict, "__wrapped__", utils.get_cmudict)
        self.cmu_syllables = _first_pronunciation_syllables(load_cmudict(LANG))
        self.pyphen = utils.get_pyphen(LANG)
        self.easy_words = utils.get_lang_easy_words(LANG)
        self.cfg = {key: utils.get_lang_cfg(utils.get_lang_root(LANG), key)
                    for key in ("fre_base", "fre_sentence_length", "fre_syll_per_word")}
        self.fog_threshold = int(utils.get_lang_cfg(LANG, "syllable_threshold"))
        # Syllables of the lower-cased words not in the CMU dictionary (Pyphen's).
        self.piece_syllables: dict[str, int] = {}
        # Per word: its packed counts but characters and letters, and whether
        # it is a difficult word (see _word_info).
        self.word_info: dict[str, tuple[int, bool]] = {}
        # Per whitespace-separated token: packed counts, and textstat's
        # difficult word when it is one (see count_readability).
        self.token_counts: _TokenCounts = _TokenCounts(self)
        self.token_difficult: dict[str, str] = {}

    def restart_caches(self) -> None:
        """Empty the caches (between documents: a document's difficult tokens are read after its sum)."""
        self.piece_syllables.clear()
        self.word_info.clear()
        self.token_counts.clear()
        self.token_difficult.clear()


def _first_pronunciation_syllables(cmudict: dict | None) -> dict[str, int]:
    """Word -> stressed phones (syllables) of its first pronunciation, as textstat counts them.

    Words for which textstat's count fails (it then falls back to Pyphen, as
    for words not in the dictionary) are left out.
    """
    table: dict[str, int] = {}
    for word, pronunciations in (cmudict or {}).items():
        try:
            table[word] = sum(1 for phone in pronunciations[0] if phone[-1].isdigit())
        except (TypeError, IndexError):
            pass
    return table


_RESOURCES: _Resources | None = None


def _resources() -> _Resources:
    global _RESOURCES
    if _RESOURCES is None:
        _RESOURCES = _Resources()
    return _RESOURCES


def _remove_punctuation(text: str) -> str:
    # textstat's remove_punctuation(rm_apostrophe=False): keep the apostrophe of
    # a contraction ('t 's 'd 've 'll 're), drop every other non-word character.
    return _PUNCTUATION_KEEP_APOSTROPHE.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text))


def _syllables(text: str, res: _Resources) -> int:
    """textstat's count_syllables(text), with syllables cached per lower-cased word."""
    if not text:
        return 0
    return sum(_piece_syllables(piece, res) for piece in _remove_punctuation(text).lower().split())


def _piece_syllables(piece: str, res: _Resources) -> int:
    """Syllables of one lower-cased word without punctuation: CMU dictionary, else Pyphen."""
    count = res.cmu_syllables.get(piece)
    if count is None:
        # Only Pyphen's counts are cached: the dictionary is a table already.
        count = res.piece_syllables.get(piece)
        if count is None:
            count = res.piece_syllables[piece] = len(res.pyphen.positions(piece)) + 1
    return count


def _word_info(word: str, res: _Resources) -> tuple[int, bool]:
    """A word's packed counts, characters and letters left at 0, and whether it is a difficult word.

    Difficult (``textstat.difficult_words``): not on the easy list, and two
    syllables or more.
    """
    info = res.word_info.get(word)
    if info is None:
        lower = word.lower()
        hard = lower not in res.easy_words
        if word.isascii() and word.isalnum():
            # The common case: punctuation removal leaves the word whole and
            # it is one piece, in lower case the same piece.
            syllables = lower_syllables = _piece_syllables(lower, res)
        else:
            syllables = _syllables(word, res)
            # textstat's is_difficult_word lower-cases the word *before*
            # counting its syllables, which can differ from the count above
            # for a few non-ASCII words (e.g. a dotted capital I lower-cases
            # to i + U+0307).
            lower_syllables = _syllables(lower, res) if hard else 0
        info = res.word_info[word] = _word_counts(syllables, hard, hard and lower_syllables >= res.fog_threshold,
                                                  hard and lower_syllables >= 2)
    return info


@cache
def _word_counts(syllables: int, hard: bool, complex_word: bool, difficult: bool) -> tuple[int, bool]:
    # The few distinct values of _word_info, packed once each (and shared).
    # Linsear Write: easy words have one or two syllables, hard ones three or more.
    return _pack(1, 0, 0, syllables, syllables >= 3, hard, complex_word, 0 < syllables < 3, syllables >= 3), difficult


def _count_sentences(text: str) -> int:
    """textstat's sentence_count: fragments of two words or fewer are not sentences."""
    if len(text) == 0:
        return 0
    search = _THREE_WORDS.search
    return max(1, sum(1 for fragment in _SENTENCE_FRAGMENT.findall(text) if search(fragment)))


# Each token's contribution to the counts is kept as one integer holding one
# field per count (_FIELD_BITS bits each), so that a document's totals are a
# single sum of cached integers, run by the interpreter's C code, instead of a
# Python loop with a dozen additions per token.  A field's document total is at
# most 13 times the text's length (no word of the CMU dictionary has more than
# 12 syllables, and Pyphen gives at most one per letter), so it never spills
# into the next field.
_FIELDS = ("words", "characters", "letters", "syllables", "polysyllabic_words", "dale_chall_difficult_words",
           "complex_words", "linsear_easy_words", "linsear_hard_words")
_FIELD_BITS = 40
_FIELD_MASK = (1 << _FIELD_BITS) - 1


def _pack(*values: int) -> int:
    packed = 0
    for value in reversed(values):
        packed = (packed << _FIELD_BITS) | value
    return packed


def _unpack(packed: int) -> dict[str, int]:
    return {name: (packed >> (_FIELD_BITS * i)) & _FIELD_MASK for i, name in enumerate(_FIELDS)}


# One character and one letter, packed.
_CHARACTERS = 1 << _FIELD_BITS * _FIELDS.index("characters")
_LETTERS = 1 << _FIELD_BITS * _FIELDS.index("letters")


class _TokenCounts(dict):
    """Token -> packed counts, counted on first look-up.

    A token not seen yet is counted when it is looked up (``__missing__``),
    so a document's sum needs no separate pass for its new token types, and
    looking up a known token costs what a plain dict's does.  A difficult
    word's token is entered in the resources' ``token_difficult`` as well.
    """

    def __init__(self, res: _Resources):
        super().__init__()
        self.res = res

    def __missing__(self, token: str) -> int:
        # textstat's word for the token, '' when its punctuation removal leaves
        # nothing.  Without an apostrophe, textstat's two removals are the same
        # one and the word is the token's letters; a token of letters and
        # digits only is its own word.
        if token.isalnum():
            word = token
            letters = len(token)
        elif "'" in token:
            word = _remove_punctuation(token)
            letters = len(_PUNCTUATION.sub("", token))
        else:
            word = _PUNCTUATION.sub("", token)
            letters = len(word)
        counts = len(token) * _CHARACTERS + letters * _LETTERS
        if word:
            packed, difficult = _word_info(word, self.res)
            counts += packed
            if difficult:
                self.res.token_difficult[token] = word
        self[token] = counts
        return counts


def count_readability(text: str, tokens: list[str] | None = None) -> ReadabilityCounts:
    """Count everything textstat's indices need, in one pass over the text's words.

    Parameters
    ----------
    text : str
        A cleaned body.
    tokens : list of str, optional
        ``text.split()``, when already split.

    Returns
    -------
    ReadabilityCounts
        Each count equals the corresponding textstat count on ``text``.

    Examples
    --------
    >>> c = count_readability("The cat sat on the mat. It was happy.")
    >>> c.sentences, c.words, c.syllables, c.polysyllabic_words
    (2, 9, 10, 0)
    """
    res = _resources()
    # Every count but the sentences is a sum over whitespace-separated tokens:
    # textstat's punctuation removal never deletes whitespace, so its words are
    # the tokens that keep a character (those holding a word character, as a
    # kept apostrophe is always followed by one), each with its punctuation
    # removed; str.split and the regex class \s agree on what whitespace is.
    # So each token type is counted once and its counts cached across documents.
    tokens = text.split() if tokens is None else tokens
    counts = res.token_counts
    if len(counts) >= _TOKEN_CACHE_SIZE:
        # Bounded memory on a corpus with an open vocabulary: start afresh,
        # before the sum, so that the sum leaves every token of this document
        # in the caches (a document may take them past the size on its own).
        res.restart_caches()
    # Tokens not seen yet are counted as they are looked up (_TokenCounts).
    total = sum(map(counts.__getitem__, tokens))
    totals = _unpack(total)
    # The token types that are difficult words (one set operation over the
    # cache's keys), then their distinct words.
    difficult = res.token_difficult
    difficult_types = set(map(difficult.__getitem__, difficult.keys() & tokens))

    # Linsear Write as textstat computes it (strict_upper=True): the first 100
    # words, with the sentences of the tokens read to reach them.  (For a text
    # of 100 tokens or fewer textstat takes all words and tokens, which is the
    # same thing.)  The first 100 tokens hold at most 100 words; tokens without
    # a word (a dash, a bullet) are read one by one after them.
    read = min(len(tokens), 100)
    linsear = sum(map(counts.__getitem__, tokens[:read]))
    while read < len(tokens) and (linsear & _FIELD_MASK) < 100:
        linsear += counts[tokens[read]]
        read += 1
    linsear_counts = _unpack(linsear)

    return ReadabilityCounts(
        sentences=_count_sentences(text), words=totals["words"], tokens=len(tokens),
        characters=totals["characters"], letters=totals["letters"], syllables=totals["syllables"],
        polysyllabic_words=totals["polysyllabic_words"], complex_words=totals["complex_words"],
        dale_chall_difficult_words=totals["dale_chall_difficult_words"], difficult_words=len(difficult_types),
        linsear_easy_words=linsear_counts["linsear_easy_words"],
        linsear_hard_words=linsear_counts["linsear_hard_words"],
        linsear_sentences=_count_sentences(" ".join(tokens[:read])))


def _ratio(numerator: float, denominator: float) -> float:
    # textstat returns 0.0 when a denominator is zero.
    return numerator / denominator if denominator else 0.0


def _indices(c: ReadabilityCounts) -> dict[str, float]:
    """Every index from the counts, with textstat's formulas and order of operations."""
    cfg = _resources().cfg
    wps = _ratio(c.words, c.sentences)
    spw = _ratio(c.syllables, c.words)
    out: dict[str, float] = {}
    # Flesch (1948) reading ease; Kincaid et al. (1975) grade level.
    if wps == 0 or spw == 0:
        out["flesch_reading_ease"] = out["flesch_kincaid_grade"] = 0.0
    else:
        out["flesch_reading_ease"] = (cfg["fre_base"] - cfg["fre_sentence_length"] * wps
                                      - cfg["fre_syll_per_word"] * spw)
        out["flesch_kincaid_grade"] = 0.39 * wps + 11.8 * spw - 15.59
    # Gunning (1952) fog index.
    out["gunning_fog"] = 0.4 * (wps + 100 * c.complex_words / c.words) if c.words else 0.0
    # McLaughlin (1969) SMOG grade.
    out["smog_index"] = (1.043 * (30 * (c.polysyllabic_words / c.sentences)) ** 0.5 + 3.1291
                         if c.sentences else 0.0)
    # Coleman & Liau (1975): letters and sentences per 100 words.
    letters = _ratio(c.letters, c.words) * 100
    sentences = _ratio(c.sentences, c.words) * 100
    out["coleman_liau_index"] = (0.0 if letters == 0 or sentences == 0
                                 else 0.058 * letters - 0.296 * sentences - 15.8)
    # Smith & Senter (1967) automated readability index.
    chars_per_word = _ratio(c.characters, c.tokens)
    out["automated_readability_index"] = (0.0 if chars_per_word == 0 or wps == 0
                                          else 4.71 * chars_per_word + 0.5 * wps - 21.43)
    # Dale & Chall (1948), with the 3.6365 adjustment above 5% difficult words.
    if c.words:
        share = 100 * c.dale_chall_difficult_words / c.words
        score = 0.1579 * share + 0.0496 * wps
        out["dale_chall_readability_score"] = score + 3.6365 if share > 5 else score
    else:
        out["dale_chall_readability_score"] = 0.0
    # Linsear Write (O'Hayre 1966, "Gobbledygook has gotta go").
    if c.linsear_sentences:
        number = float((c.linsear_easy_words * 1 + c.linsear_hard_words * 3) / c.linsear_sentences)
        out["linsear_write_formula"] = (number - 2 if number <= 20 else number) / 2
    else:
        out["linsear_write_formula"] = 0.0
    out["text_standard"] = _text_standard(out)
    return out


def _text_standard(scores: dict[str, float]) -> float:
    """textstat's consensus grade: the most common of the grades each index suggests."""
    grades: list[int] = []

    def extend(score: float) -> None:
        grades.extend([math.floor(score), math.ceil(score), round(score)])

    extend(scores["flesch_kincaid_grade"])
    ease = scores["flesch_reading_ease"]
    # textstat maps reading ease bands to grades (Flesch 1948's table).
    for low, band in ((90, [5]), (80, [6]), (70, [7]), (60, [8, 9]), (50, [10]), (40, [11]), (30, [12])):
        if low <= ease < low + 10:
            grades.extend(band)
            break
    else:
        grades.append(13)
    for name in ("smog_index", "coleman_liau_index", "automated_readability_index",
                 "dale_chall_readability_score", "linsear_write_formula", "gunning_fog"):
        extend(scores[name])
    consensus = float(Counter(grades).most_common(1)[0][0])
    # Clamped to grades 1-18, as textstat.text_standard does.
    return float(max(1, min(consensus, 18)))


_COUNT_COLUMNS = {f.name: f"textstat_{f.name}" for f in fields(ReadabilityCounts)}


def score_readability(documents: pd.DataFrame) -> pd.DataFrame:
    """Readability indices of each document's cleaned ``text``, with the counts behind them.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id`` and ``text`` (the cleaned body).

    Returns
    -------
    pandas.DataFrame
        One row per document, in input order: ``doc_id``; the package's own
        ``package_sentences`` and ``package_words`` (``tokenize``); textstat's
        counts (``textstat_sentences``, ``textstat_words``, ``textstat_syllables``,
        ``textstat_polysyllabic_words``, ``textstat_difficult_words``, ... see
        :class:`ReadabilityCounts`); the indices in :data:`INDICES` (equal to
        the textstat functions of the same names; ``text_standard`` is the
        numeric consensus grade, ``float_output=True``); and one boolean
        ``<index>_too_short`` per index, True when the body is shorter than the
        sample the formula was calibrated on (:data:`MINIMUMS`).  Flagged values
        are still textstat's; leave them out of comparisons.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["The cat sat on the mat. It was happy."]})
    >>> row = score_readability(docs).iloc[0]
    >>> round(float(row["flesch_reading_ease"]), 4), bool(row["flesch_reading_ease_too_short"])
    (108.2675, True)
    """
    columns: dict[str, list] = {name: [] for name in ["package_sentences", "package_words",
                                                       *_COUNT_COLUMNS.values(), *INDICES]}
    package_sentences, package_words = columns["package_sentences"], columns["package_words"]
    count_columns = [(name, columns[column]) for name, column in _COUNT_COLUMNS.items()]
    index_columns = [(name, columns[name]) for name in INDICES]
    for text in documents["text"]:
        # The package's sentences and words come from the text's shared index,
        # which the other measures of a batch read too.
        index = text_index(text)
        package_sentences.append(len(index.sentences))
        package_words.append(index.word_count)
        counts = count_readability(text, index.space_tokens)
        for name, column in count_columns:
            column.append(getattr(counts, name))
        scores = _indices(counts)
        for name, column in index_columns:
            column.append(scores[name])
    table = pd.DataFrame({name: np.array(values, dtype="float64" if name in INDICES else "int64")
                          for name, values in columns.items()})
    for name, (count, minimum) in MINIMUMS.items():
        table[f"{name}_too_short"] = table[count] < minimum
    table["text_standard_too_short"] = table[[f"{n}_too_short" for n in MINIMUMS]].any(axis=1)
    table.insert(0, "doc_id", documents["doc_id"].to_numpy())
    return table
