"""Readability of cleaned bodies: textstat's indices, computed once per document.

textstat (0.7.13) recomputes its word list, syllables and sentence count in
every function call, and caches syllables for only the last 128 words.  This
module reproduces textstat's own counting rules (its ``list_words`` /
``remove_punctuation``, its sentence regex, its syllable counter: CMU
dictionary through NLTK, Pyphen for words not in it, and its Dale-Chall easy
word list), counts each document once, caches syllables and easy-word lookups
per word type, and derives every index from those counts with textstat's own
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
from dataclasses import asdict, dataclass, fields

import pandas as pd

from ..offline import require_cmudict
from ..tokenize import count_words, split_sentences

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
_WHITESPACE = re.compile(r"\s")
_SENTENCE_FRAGMENT = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)
_TOKEN_WITH_WORD_CHARACTER = re.compile(r"\S*\w\S*")


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

        self.cmudict = utils.get_cmudict(LANG)
        self.pyphen = utils.get_pyphen(LANG)
        self.easy_words = utils.get_lang_easy_words(LANG)
        self.cfg = {key: utils.get_lang_cfg(utils.get_lang_root(LANG), key)
                    for key in ("fre_base", "fre_sentence_length", "fre_syll_per_word")}
        self.fog_threshold = int(utils.get_lang_cfg(LANG, "syllable_threshold"))
        self.piece_syllables: dict[str, int] = {}
        self.word_info: dict[str, tuple[int, bool, bool, bool]] = {}


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


def _list_words(text: str) -> list[str]:
    return _remove_punctuation(text).split()


def _syllables(text: str, res: _Resources) -> int:
    """textstat's count_syllables(text), with syllables cached per lower-cased word."""
    if not text:
        return 0
    cache = res.piece_syllables
    total = 0
    for piece in _remove_punctuation(text).lower().split():
        count = cache.get(piece)
        if count is None:
            try:
                count = sum(1 for phone in res.cmudict[piece][0] if phone[-1].isdigit())
            except (TypeError, IndexError, KeyError):
                count = len(res.pyphen.positions(piece)) + 1
            cache[piece] = count
        total += count
    return total


def _word_info(word: str, res: _Resources) -> tuple[int, bool, bool, bool]:
    """(syllables, not on the easy list, difficult at 2 syllables, complex at the fog threshold)."""
    info = res.word_info.get(word)
    if info is None:
        syllables = _syllables(word, res)
        # textstat's is_difficult_word lower-cases the word *before* counting
        # its syllables, which can differ from the count above for a few
        # non-ASCII words (e.g. a dotted capital I lower-cases to i + U+0307).
        lower = word.lower()
        hard = lower not in res.easy_words
        lower_syllables = _syllables(lower, res) if hard else 0
        info = (syllables, hard, hard and lower_syllables >= 2, hard and lower_syllables >= res.fog_threshold)
        res.word_info[word] = info
    return info


def _count_sentences(text: str) -> int:
    """textstat's sentence_count: fragments of two words or fewer are not sentences."""
    if len(text) == 0:
        return 0
    fragments = _SENTENCE_FRAGMENT.findall(text)
    ignored = sum(1 for fragment in fragments if _has_at_most_two_words(fragment))
    return max(1, len(fragments) - ignored)


def _has_at_most_two_words(fragment: str) -> bool:
    # len(_list_words(fragment)) <= 2 without rewriting the fragment: removing
    # punctuation never splits or joins whitespace-separated tokens, and a token
    # survives it exactly when it holds a word character (a kept apostrophe is
    # always followed by one), so textstat's words are the tokens matched here.
    for n, _ in enumerate(_TOKEN_WITH_WORD_CHARACTER.finditer(fragment), start=1):
        if n > 2:
            return False
    return True


def count_readability(text: str) -> ReadabilityCounts:
    """Count everything textstat's indices need, in one pass over the text's words.

    Parameters
    ----------
    text : str
        A cleaned body.

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
    words = _list_words(text)
    syllables = polysyllabic = complex_words = dale_chall = 0
    difficult_types = set()
    # Each word type is looked up once per document, weighted by its frequency.
    for word, n in Counter(words).items():
        n_syllables, hard, difficult, complex_word = _word_info(word, res)
        syllables += n * n_syllables
        polysyllabic += n * (n_syllables >= 3)
        dale_chall += n * hard
        complex_words += n * complex_word
        if difficult:
            difficult_types.add(word)

    # Linsear Write as textstat computes it (strict_upper=True): the first 100
    # words of a text of more than 100 tokens, with the sentences of the tokens read.
    tokens = text.split()
    if len(tokens) > 100:
        linsear_words, read = [], 0
        while read < len(tokens) and len(linsear_words) < 100:
            word = _remove_punctuation(tokens[read])
            read += 1
            if word:
                linsear_words.append(word)
    else:
        linsear_words, read = words, len(tokens)
    easy = hard = 0
    for word in linsear_words:
        n_syllables = _word_info(word, res)[0]
        if n_syllables >= 3:
            hard += 1
        elif n_syllables > 0:
            easy += 1

    return ReadabilityCounts(
        sentences=_count_sentences(text), words=len(words), tokens=len(tokens),
        characters=len(_WHITESPACE.sub("", text)),
        letters=len(_PUNCTUATION.sub("", _WHITESPACE.sub("", text))),
        syllables=syllables, polysyllabic_words=polysyllabic, complex_words=complex_words,
        dale_chall_difficult_words=dale_chall, difficult_words=len(difficult_types),
        linsear_easy_words=easy, linsear_hard_words=hard,
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
    rows = []
    for text in documents["text"]:
        counts = count_readability(text)
        row = {"package_sentences": len(split_sentences(text)), "package_words": count_words(text)}
        row.update({_COUNT_COLUMNS[k]: v for k, v in asdict(counts).items()})
        row.update(_indices(counts))
        rows.append(row)
    columns = (["package_sentences", "package_words"] + list(_COUNT_COLUMNS.values()) + list(INDICES))
    table = pd.DataFrame(rows, columns=columns)
    table = table.astype({c: "int64" for c in columns if c not in INDICES})
    table = table.astype({c: "float64" for c in INDICES})
    for name, (count, minimum) in MINIMUMS.items():
        table[f"{name}_too_short"] = table[count] < minimum
    table["text_standard_too_short"] = table[[f"{n}_too_short" for n in MINIMUMS]].any(axis=1)
    table.insert(0, "doc_id", documents["doc_id"].to_numpy())
    return table
