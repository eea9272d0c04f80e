"""Separate the article body from the rest of a scraped page, with an audit trail.

A raw page is split into blocks (a line, or hard-wrapped lines joined into one
paragraph).  Each block is classified from signals that hold across sites
rather than from the strings of any one site:

* cue phrases from the editable lexicon ``lexicons/cleaning.yaml`` (share
  buttons, "Read more:", cookie notices, comment forms, footers, bylines,
  credits, captions, ...);
* shape: word count, terminal punctuation, capitalisation pattern and
  stop-word density (jusText, Pomikalek 2011; Kohlschutter et al. 2010);
* position: the title is the first heading-like block before the body; a
  comment or footer marker ends the body; a related-stories heading starts a
  list of other stories;
* repetition within the document (a repeated headline or standfirst) and
  across documents of the same outlet (site chrome, in :func:`clean_corpus`);
* topical coherence: a well-formed paragraph whose content words occur nowhere
  else in the article is off-topic (lexical cohesion, Halliday & Hasan 1976;
  Hearst 1997).

Every block that is not kept is recorded as a :class:`RemovedSpan` with the
character offsets into the raw text and one reason code, so nothing vanishes
without trace.  Kept text is the raw text at its offsets, repaired (ftfy,
NFC) and with whitespace normalised: ``Paragraph.text ==
normalise_text(raw[start:end])``.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import itertools
import re
import re._constants as _sre
import re._parser as _sre_parse
import sys
import unicodedata
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import ftfy
import pandas as pd
import Stemmer

from .errors import LexiconError
from .lexicon import default_lexicon_path, load_yaml

__all__ = ["Paragraph", "RemovedSpan", "CleanedDocument", "CleaningLexicon", "clean_document",
           "clean_corpus", "normalise_text", "read_cleaning_lexicon", "extract_html_text",
           "find_site_chrome", "count_site_blocks", "merge_site_blocks",
           "select_site_chrome", "REMOVED_COLUMNS", "RULES"]

REMOVED_COLUMNS = ("doc_id", "line", "start", "end", "text", "rule")

# Reason codes set by the code itself; cue rules come from the lexicon.
RULES = {
    "title": "the headline, stored in title",
    "repeated_title": "the headline printed again",
    "repeated_text": "a block whose words appear again in a longer paragraph (a standfirst or pull quote)",
    "duplicate_line": "a block identical to, or contained in, an earlier kept block",
    "dateline": "a date line, stored in dateline/published",
    "section_label": "a one- to three-word label above the headline (section name, kicker)",
    "breadcrumb": "a path of section names separated by / > | or similar",
    "url": "a bare web address",
    "heading": "a short heading-like line in or after the body (no terminal punctuation)",
    "short_line": "a short block not between two body paragraphs",
    "truncated_teaser": "a prose line cut off without terminal punctuation (a teaser of another story)",
    "low_stopword_density": "a long block with too few function words to be prose (lists of names or links)",
    "title_case_line": "a long line in title case (a headline of another story)",
    "off_topic": "well-formed prose whose vocabulary is unrelated to the rest of the article",
    "list_item": "a list item not attached to a kept paragraph",
    "after_end_marker": "anything after a comment-section or footer marker",
    "related_list": "a headline or teaser under a related-stories heading",
    "recurring_in_outlet": "a block recurring in other documents of the same outlet (site chrome)",
}

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
# The same words in ASCII text, where a word character other than "_" is a
# letter or digit; a plain class is matched faster than "[^\W_]".
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*")
_TERMINAL = re.compile(r"[.!?…]['\"”’»)\]]*$")
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)['\"”’»)\]]*$")
_CLOSERS = "'\"”’»)]"
_BULLET = re.compile(r"^(?:[-–—•*·▪►●◦]|\d{1,2}[.)])\s+")
_BULLET_FIRST = frozenset("-–—•*·▪►●◦")  # or a digit (\d is a subset of str.isdigit)
_URL = re.compile(r"^(?:https?://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)+(?:/\S*)?$", re.IGNORECASE)
_BREADCRUMB_SEP = re.compile(r"\s(?:/|›|»|>|\||→|::)\s")
# Zero-width characters that carry no text (ZWSP, word joiner, BOM, soft hyphen).
# The zero-width joiner is kept: it binds emoji sequences.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u2060\ufeff\u00ad\u180e"), None)
_INVISIBLE_CHARS = re.compile("[\u200b\u200c\u2060\ufeff\u00ad\u180e]")
# Porter's (1980) algorithm in Snowball's C implementation (PyStemmer), the
# reference implementation by the algorithm's author.  NLTK's PorterStemmer,
# used before, adds its own extensions (irregular forms, other -li/-logi
# rules) and costs ~9 us a word in Python against ~1 us.
_PORTER = Stemmer.Stemmer("porter")
# English words after which no sentence or headline ends (articles,
# prepositions, conjunctions): a line ending in one was wrapped mid-sentence.
_CONTINUES = frozenset("""a an the of to in on at for with from by and or but nor as than that into onto
about between over under after before during against among through toward towards per via whose
which who whom where when while if because although though unless until its their his her our
my your this these those""".split())
_READER = re.compile(r"\b(?:you|your|yours|yourself|let['’]s)\b", re.IGNORECASE)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_MONTHS = {m: i for i, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1) for m in names}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = (
    re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH}),?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)
_TIME = re.compile(r"^(?:\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?\s*(?:[A-Z]{2,4}|GMT[+-]?\d*|UTC[+-]?\d*)?|"
                   r"\d+\s+(?:min|mins|minutes?|hours?|hrs?|days?)\s+ago|just now|yesterday|today)$", re.I)
_DATE_WORDS = {"published", "updated", "posted", "last", "modified", "on", "at", "am", "pm", "gmt", "utc",
               "bst", "cet", "cest", "est", "edt", "pst", "pdt", "ist", "eat", "wat", "cat", "msk", "trt",
               "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
               "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "date", "time", "first"}
_WIRE_DATELINE = re.compile(r"^(?P<dateline>[A-Z][A-Z .,'’-]{2,60}(?:,\s*[A-Z][\w .]{0,30})?\s*(?:\([^)]{2,40}\))?\s*[-–—]+)\s")


def _mojibake_guard() -> re.Pattern | None:
    """A character class that every text ftfy's encoding repair can change contains.

    ``ftfy.fix_encoding`` returns its input unchanged unless its badness
    heuristic (``ftfy.badness.BADNESS_RE``) matches, and every alternative of
    that expression needs at least one character of the classes below: C1
    controls, the "bad" symbols, accented capitals and small letters,
    currency, numeric and legal signs, box drawing, and a few letters named in
    single sequences (see tests/test_clean_normalise.py, which checks this on
    the expression itself).  Text without any of them, such as prose with
    curly quotes and dashes, skips the repair.  The check was made for one
    version of the expression; for any other, None: always repair.
    """
    from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES

    if hashlib.sha256(BADNESS_RE.pattern.encode("utf-8")).hexdigest() != _BADNESS_SHA256:
        return None
    classes = "".join(MOJIBAKE_CATEGORIES[name] for name in (
        "c1", "bad", "law", "currency", "numeric", "box", "upper_accented", "lower_accented"))
    return re.compile("[" + classes + _MOJIBAKE_LETTERS + "]")


# ftfy 6.3's BADNESS_RE, and the letters its single-sequence alternatives need
# besides the classes above (Ù, ‚, в/Ђ, Cyrillic В Г Р С, Greek β Β Γ Ξ Ο).
_BADNESS_SHA256 = "9dcc0f2ac90d9ae3c85eb7b9b2c0b8a8e8126153847c2b30c91a0bb263f3b8c4"
_MOJIBAKE_LETTERS = "\u00d9\u201a\u0432\u0402\u0412\u0413\u0420\u0421\u03b2\u0392\u0393\u039e\u039f"
_MOJIBAKE = _mojibake_guard()


def normalise_text(text: str) -> str:
    """Repair, NFC-normalise and space-normalise a piece of raw text.

    Mojibake (UTF-8 read as cp1252, e.g. ``â€™``) is repaired with ftfy, the
    text is NFC-normalised (Unicode Standard Annex #15), zero-width
    characters and soft hyphens are dropped, and every run of white space
    (including non-breaking spaces and line ends) becomes one space.

    Examples
    --------
    >>> normalise_text("  Kyiv\\u00a0and\\u200b Moscow\\r\\n agreed â€” again ")
    'Kyiv and Moscow agreed — again'
    >>> normalise_text("Te\\u0301le\\u0301phone") == "Téléphone"
    True
    """
    # str.split() splits at exactly the characters \s matches (str.isspace),
    # so joining its parts folds runs of white space and strips the ends.
    if text.isascii():
        # Nothing to repair, and folded ASCII text folds to itself.
        return " ".join(text.split())
    # Repeated until nothing changes (at most a few rounds): folding spaces can
    # bring together the two halves of a mojibake sequence ("Â" + space), and
    # normalised text must normalise to itself, or cleaning the cleaned text
    # would differ from the first cleaning.
    for _ in range(4):
        before = text
        if not text.isascii():
            # Only the encoding repair: ftfy's other fixes (quote straightening,
            # HTML unescaping) would change text that is not broken.
            if _MOJIBAKE is None or _MOJIBAKE.search(text):
                text = ftfy.fix_encoding(text)
            text = unicodedata.normalize("NFC", text)
            if _INVISIBLE_CHARS.search(text):
                text = text.translate(_INVISIBLE)
        text = " ".join(text.split())
        if text == before:
            break
    return text


# ---------------------------------------------------------------------------
# The lexicon


@dataclass(frozen=True)
class _Cue:
    id: str
    rule: str
    kind: str
    phrases: frozenset[str]
    regex: re.Pattern | None
    max_words: int | None
    min_words: int
    ends_body: str | None
    field: str | None


@dataclass(frozen=True)
class CleaningLexicon:
    """Cue phrases, stop words and thresholds read from ``cleaning.yaml``."""

    cues: tuple[_Cue, ...]
    stopwords: dict[str, frozenset[str]]
    thresholds: dict[str, float]
    path: str = ""

    @property
    def rules(self) -> list[str]:
        """Every reason code this lexicon and the code can write, sorted."""
        return sorted(set(RULES) | {c.rule for c in self.cues})

    @functools.cached_property
    def _screens(self) -> dict[tuple[int, bool], "_CueScreen"]:
        # Filled by _cue_screen, one per word count and kind of text.
        return {}

    @functools.cached_property
    def _cue_memory(self) -> dict[str, "_Cue | None"]:
        # The cue matched by short blocks already seen (see _clean_document):
        # it depends on the text and the lexicon only, so it is kept from one
        # call of clean_corpus (one batch) to the next.
        return {}


_KINDS = ("line", "prefix", "words", "pattern")
_FIELDS = ("byline", "credit", "caption")
_THRESHOLDS = ("min_body_words", "min_stopword_density", "max_title_words", "min_topic_overlap",
               "min_topic_words", "duplicate_min_chars", "repeat_share")
_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def _fold(text: str) -> str:
    return text.casefold().replace("’", "'").strip(" :.|-–—;,!")


def read_cleaning_lexicon(path: str | Path | None = None) -> CleaningLexicon:
    """Read and validate the cleaning lexicon.

    Parameters
    ----------
    path : str or Path, optional
        A YAML file laid out like the shipped ``lexicons/cleaning.yaml``;
        by default the shipped file.

    Returns
    -------
    CleaningLexicon

    Raises
    ------
    LexiconError
        When an entry is malformed; the message names the file and the entry.

    Examples
    --------
    >>> lex = read_cleaning_lexicon()
    >>> "share_buttons" in lex.rules, "the" in lex.stopwords["en"]
    (True, True)
    """
    path = Path(path) if path is not None else default_lexicon_path("cleaning")
    return _read_lexicon_cached(str(path.resolve()), path.stat().st_mtime_ns if path.is_file() else 0)


@functools.lru_cache(maxsize=8)
def _read_lexicon_cached(path: str, _mtime: int) -> CleaningLexicon:
    data = load_yaml(path)
    for key in ("cues", "stopwords", "thresholds"):
        if key not in data:
            raise LexiconError(f"{path}: no '{key}' section. See the shipped cleaning.yaml for the layout.")
    if not isinstance(data["cues"], list):
        raise LexiconError(f"{path}: 'cues' must be a list of entries.")
    cues, seen = [], set()
    for n, entry in enumerate(data["cues"], start=1):
        where = f"{path}: cue entry {n}"
        if not isinstance(entry, dict):
            raise LexiconError(f"{where}: expected a mapping with id, rule, kind, rationale and source.")
        where = f"{path}: cue '{entry.get('id', n)}'"
        for key in ("id", "rule", "kind", "rationale", "source"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise LexiconError(f"{where}: missing or empty '{key}'. Every cue needs id, rule, kind, "
                                   "rationale and source.")
        if entry["id"] in seen:
            raise LexiconError(f"{where}: id used twice. Give each cue a unique id.")
        seen.add(entry["id"])
        if not _SNAKE.match(entry["rule"]):
            raise LexiconError(f"{where}: rule '{entry['rule']}' must be a snake_case reason code.")
        if entry["rule"] in RULES:
            raise LexiconError(f"{where}: rule '{entry['rule']}' is a reason code the cleaning code sets "
                               f"itself ({RULES[entry['rule']]}); choose another name so each code has one meaning.")
        kind = entry["kind"]
        if kind not in _KINDS:
            raise LexiconError(f"{where}: kind '{kind}' is not one of {', '.join(_KINDS)}.")
        regex, phrases = None, frozenset()
        if kind == "pattern":
            if not isinstance(entry.get("pattern"), str):
                raise LexiconError(f"{where}: kind 'pattern' needs a 'pattern' (a regular expression).")
            try:
                regex = re.compile(entry["pattern"], 0 if entry.get("case_sensitive") else re.IGNORECASE)
            except re.error as exc:
                raise LexiconError(f"{where}: pattern is not a valid regular expression ({exc}).") from None
        else:
            raw = entry.get("phrases")
            if not isinstance(raw, list) or not raw or not all(isinstance(p, str) and p.strip() for p in raw):
                raise LexiconError(f"{where}: kind '{kind}' needs 'phrases', a non-empty list of strings.")
            phrases = frozenset(_fold(p) for p in raw)
        max_words = entry.get("max_words")
        if max_words is not None and (not isinstance(max_words, int) or max_words < 1):
            raise LexiconError(f"{where}: max_words must be a positive whole number.")
        min_words = entry.get("min_words", 1)
        if not isinstance(min_words, int) or min_words < 1:
            raise LexiconError(f"{where}: min_words must be a positive whole number.")
        ends = entry.get("ends_body")
        if ends not in (None, "hard", "soft"):
            raise LexiconError(f"{where}: ends_body must be 'hard' or 'soft', not '{ends}'.")
        fld = entry.get("field")
        if fld not in (None,) + _FIELDS:
            raise LexiconError(f"{where}: field must be one of {', '.join(_FIELDS)}, not '{fld}'.")
        cues.append(_Cue(entry["id"], entry["rule"], kind, phrases, regex, max_words, min_words, ends, fld))
    stop = data["stopwords"]
    if not isinstance(stop, dict):
        raise LexiconError(f"{path}: 'stopwords' must map a language code to an entry with words.")
    stopwords = {}
    for lang, entry in stop.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("words"), list) or not entry["words"]:
            raise LexiconError(f"{path}: stopwords '{lang}': needs 'words', a non-empty list.")
        for key in ("rationale", "source"):
            if not entry.get(key):
                raise LexiconError(f"{path}: stopwords '{lang}': missing '{key}'.")
        bad = [w for w in entry["words"] if not isinstance(w, str)]
        if bad:
            raise LexiconError(f"{path}: stopwords '{lang}': entry {bad[0]!r} is not a string; quote "
                               "words YAML reads as booleans or numbers (\"on\", \"no\", \"off\").")
        stopwords[str(lang)] = frozenset(w.casefold() for w in entry["words"])
    thresholds = {}
    for key in _THRESHOLDS:
        entry = data["thresholds"].get(key) if isinstance(data["thresholds"], dict) else None
        if not isinstance(entry, dict) or not isinstance(entry.get("value"), (int, float)) \
                or isinstance(entry.get("value"), bool) or entry["value"] < 0:
            raise LexiconError(f"{path}: threshold '{key}' missing or not a non-negative number "
                               "(write it as `{key}: {{value: N, rationale: ..., source: ...}}`).")
        thresholds[key] = float(entry["value"])
    return CleaningLexicon(tuple(cues), stopwords, thresholds, path)


# ---------------------------------------------------------------------------
# Documents


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
    """The parts of one page: title, body paragraphs, metadata lines and what was removed."""

    title: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    removed: list[RemovedSpan] = field(default_factory=list)
    dateline: str = ""
    published: str = ""
    byline: str = ""
    credit: str = ""
    captions: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The body: paragraphs separated by blank lines."""
        return "\n\n".join(p.text for p in self.paragraphs)


@dataclass(slots=True)
class _Block:
    line: int
    start: int
    end: int
    raw: str
    text: str
    words: list[str]
    # The words case-folded, the share of stop words among them and the share
    # of capitals among the initials of long words: None for a block shorter
    # than a body paragraph until a rule reads them (see _blocks).
    lower: list[str] | None
    # The case-folded words that are not stop words, found with the density
    # (None where lower is None, and without a stop-word list).
    content: list[str] | None
    terminal: bool
    stop_density: float | None
    title_case: float | None
    bullet: bool
    label: str = ""      # "body", "short", "lead_in", "list" or "" while undecided
    rule: str = ""       # reason code when removed


def _lines(raw: str) -> list[tuple[int, int, int, str]]:
    """(line number, start, end, normalised text) of every line that is not blank once normalised."""
    out = []
    offset = 0
    for number, line in enumerate(raw.splitlines(keepends=True), 1):
        # Line ends are white space: the stripped line is the line without
        # its leading and trailing white space and its line end.
        stripped = line.strip()
        if stripped:
            # A line that starts with its first non-white character has no
            # leading white space (most lines).
            start = offset if line[0] == stripped[0] else offset + len(line) - len(line.lstrip())
            if stripped.isascii():
                text = stripped if _single_spaced(stripped) else " ".join(stripped.split())
            else:
                text = _line_text(stripped)
            if text:
                out.append((number, start, start + len(stripped), text))
        offset += len(line)
    return out


def _single_spaced(text: str) -> bool:
    """``text`` holds no white space but single spaces: ``" ".join(text.split()) == text`` for stripped ``text``.

    Every white-space character other than the space is unprintable
    (``str.isprintable``), which is a faster test than splitting the text
    into its words and joining them.
    """
    return text.isprintable() and "  " not in text


def _line_text(line: str) -> str:
    """The normalised text of a line that is not ASCII (:func:`normalise_text` of the line without its line end)."""
    stripped = line.strip()
    if not stripped:
        return ""
    if _plain_lines(stripped):
        # Nothing to repair or compose: normalising only folds white space.
        return stripped if _single_spaced(stripped) else " ".join(stripped.split())
    return normalise_text(stripped)


def _ends(text: str, endings: tuple[str, ...]) -> bool:
    """``text`` ends with one of ``endings``, then closing quotes or brackets.

    What :data:`_TERMINAL` (``endings`` . ! ? …) and :data:`_ELLIPSIS_END`
    (... and …) find; searching those tries every position of the text.
    """
    # "$" also matches before a line end that ends the text.
    return text[:-1 if text.endswith("\n") else None].rstrip(_CLOSERS).endswith(endings)


_SENTENCE_ENDS = (".", "!", "?", "…")
_ELLIPSES = ("...", "…")
# A line ending in one of these is finished (see _line_joins).
_FINISHED = _SENTENCE_ENDS + (":",)


def _find_words(text: str) -> list[str]:
    """The words of ``text`` (:data:`_WORD`)."""
    # The words of ASCII text are its runs of letters, digits, "-" and "'"
    # when every "-" and "'" joins two letters or digits: split at the other
    # characters, made spaces, in a few passes over bytes rather than a regex
    # match per word.  Short text (a few words) is matched: fewer calls.
    if text.isascii():
        if len(text) < 32:
            return _ASCII_WORD.findall(text)
        return _split_words(text.encode("ascii").translate(_WORD_BYTES)) or _ASCII_WORD.findall(text)
    # So are those of mostly ASCII text whose other characters are no letters
    # or digits (quotes, dashes: "?" once encoded), with "’" read as "'" when
    # the text holds no "'".  Text mostly in other scripts is matched.
    if len(text) < 64 or len(text.encode("ascii", "ignore")) * 4 < len(text) * 3:
        return _WORD.findall(text)
    other = _ASCII_RUNS.sub("", text)
    if any(map(str.isalnum, other)) or "’" in other and "'" in text:
        return _WORD.findall(text)
    apostrophe = "’" if "’" in other else "'"
    spaced = text.replace("’", "'") if apostrophe == "’" else text
    return _split_words(spaced.encode("ascii", "replace").translate(_WORD_BYTES), apostrophe) or _WORD.findall(text)


def _split_words(spaced: bytes, apostrophe: str = "'") -> list[str] | None:
    """The words of ``spaced`` (letters, digits, joiners and spaces), or None when a joiner joins no two words.

    Empty text has no words: None as well.  The joiner "'" is written ``apostrophe``.
    """
    if b"-" in spaced or b"'" in spaced:
        shape = b" " + spaced.translate(_WORD_SHAPE) + b" "
        if b" -" in shape or b"- " in shape or b"--" in shape:
            return None
    text = spaced.decode("ascii")
    return (text.replace("'", apostrophe) if apostrophe != "'" else text).split() or None


_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")


_WORD_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
# Every byte that is not a letter, a digit or a joiner ("-", "'") a space.
_WORD_BYTES = bytes(c if c in _WORD_CHARS or c in b"-'" else 32 for c in range(256))
# Letters and digits "a", joiners "-": a joiner that does not join two words
# is next to a space or another joiner.
_WORD_SHAPE = bytes(97 if c in _WORD_CHARS else 45 if c in b"-'" else 32 for c in range(256))


def _strip_symbols(text: str) -> str:
    """``text`` without trailing emoji and other symbols, so "... open. 🎉" counts as finished."""
    end = len(text)
    while end and (unicodedata.category(text[end - 1]) in ("So", "Sk", "Cf", "Mn", "Zs") or text[end - 1] == " "):
        end -= 1
    return text[:end]


def _line_joins(texts: list[str], follows: Callable[[int], bool], words: list[list[str] | None],
                length: Callable[[int], int] | None = None) -> Callable[[int], bool]:
    """Whether line ``k`` and line ``k + 1`` are one block: the rules of :func:`_segments`.

    ``texts`` are the normalised texts of the lines, or any texts with the
    same words, first character, last word and ending (stripped lines that
    normalising only folds white space in); ``length(k)`` is the length of
    line ``k``'s normalised text (default: of ``texts[k]``).  ``follows(k)``:
    line ``k + 1`` comes right after line ``k``, with no blank line between.
    ``words[k]`` is set to the words of each line whose words the rules read
    (the unfinished ones).
    """
    length = length or (lambda k: len(texts[k]))

    def unfinished(k: int) -> bool:
        # Words are only found for lines without terminal punctuation: most
        # lines end a sentence.
        if _ends(texts[k], _SENTENCE_ENDS) or texts[k].endswith(":"):
            return False
        if words[k] is None:
            words[k] = _find_words(texts[k])
        return len(words[k]) >= 5

    def continues(k: int) -> bool:
        prev, nxt = texts[k], texts[k + 1]
        return nxt[:1].islower() or prev.endswith((",", "-", "–", "—")) \
            or prev.rsplit(None, 1)[-1].casefold() in _CONTINUES

    # Unfinished lines followed by another line: whether the next one
    # continues them by its shape.  Most lines end a sentence, which one
    # test of their last character rules out, before any call.
    joins = {k: continues(k) for k in range(len(texts) - 1)
             if not texts[k].endswith(_FINISHED) and follows(k) and unfinished(k)}
    # When at least three lines are clearly wrapped, the page has a wrap width
    # (the median length of those lines); an unfinished line that nearly fills
    # it also continues before a capital ("... said Prime Minister / John").
    widths = sorted(length(k) for k, joined in joins.items() if joined)
    width = widths[len(widths) // 2] if len(widths) >= 3 else None

    def joined(k: int) -> bool:
        return k in joins and (joins[k] or (width is not None and length(k) >= 0.85 * width
                                            and not _BULLET.match(texts[k + 1])))

    return joined


def _segments(raw: str) -> list[tuple[int, int, int, str, list[str] | None]]:
    """Lines, with hard-wrapped continuation lines joined into one block.

    Returns (first line number, start, end, normalised text, words) of each
    block; words is None when they were not needed to decide the joins.

    A line continues the previous one when the previous has five words or
    more, no terminal punctuation, and either this one starts in lower case or
    the previous ends with a comma, a dash or a function word ("... competitive
    with / Antwerp"): the shape of text wrapped at a fixed width.  A headline
    ends in a content word and is followed by a capital, so it stays apart.
    """
    spans = _lines(raw)
    texts = [t for _, _, _, t in spans]
    words: list[list[str] | None] = [None] * len(spans)
    joined = _line_joins(texts, lambda k: spans[k + 1][0] == spans[k][0] + 1, words)
    out = []
    i = 0
    while i < len(spans):
        number, start, end, text = spans[i]
        first = i
        while joined(i):
            i += 1
            end = spans[i][2]
        if i == first:
            # One line: its normalised text is already known.
            out.append((number, start, end, text, words[i]))
        elif all(map(str.isascii, texts[first:i + 1])) or _plain_lines(raw[start:end]):
            # ASCII lines, and lines whose normalising only folds white space
            # (line ends are white space), fold to their texts joined by a
            # space, and no word spans white space: the words are those of
            # the lines (known for every line but the last, which the join
            # test read).
            last = words[i] if words[i] is not None else _find_words(texts[i])
            out.append((number, start, end, " ".join(texts[first:i + 1]),
                        list(itertools.chain.from_iterable(words[first:i])) + last))
        else:
            out.append((number, start, end, normalise_text(raw[start:end]), None))
        i += 1
    return out


def _blocks(raw: str, stop: frozenset[str] | None, min_words: int = 0) -> list[_Block]:
    """The blocks of ``raw`` (see :func:`_segments`) with the shape measures the rules read.

    The case-folded words, stop-word density and title-case share are
    measured for blocks of ``min_words`` words or more only.  The rules read
    the density and the title-case share of no shorter block (each test of
    them in _clean_document comes after a test of ``min_words``), and the
    case-folded words of only the few short blocks that stay candidates for the
    body (:func:`_lower_words` finds them then); most short blocks are
    buttons, labels and chrome, removed by a cue first.
    """
    out = []
    for line, start, end, text, words in _segments(raw):
        if words is None:
            words = _find_words(text)
        if len(words) < min_words:
            lower = content = density = title_case = None
        else:
            lower, content, density, title_case = _shape(text, words, stop)
        # The only ASCII characters _strip_symbols strips are " ^`"; a text
        # ending in terminal punctuation (most paragraphs) has none to strip.
        terminal = text.endswith(_SENTENCE_ENDS) or _ends(text.rstrip(" ^`") if text.isascii()
                                                          else _strip_symbols(text), _SENTENCE_ENDS)
        bullet = (text[0] in _BULLET_FIRST or text[0].isdigit()) and _BULLET.match(text) is not None
        out.append(_Block(line, start, end, raw[start:end], text, words, lower, content, terminal, density,
                          title_case, bullet))
    return out


def _case_folded(text: str, words: list[str]) -> list[str]:
    """The words of ``text`` case-folded."""
    if not words:
        return []
    if text.isascii():
        # ASCII words hold no space and case-fold to their lower case:
        # lower-cased in one call, not one per word.
        return " ".join(words).lower().split(" ")
    return [w.casefold() for w in words]


def _shape(text: str, words: list[str], stop: frozenset[str] | None
           ) -> tuple[list[str], list[str] | None, float, float]:
    """The case-folded words, those that are not stop words, the stop-word density and the title-case share of a block."""
    lower = _case_folded(text, words)
    if stop:
        # The words left once the stop words are filtered out (in C) cost no
        # more than counting the stop words, and spare the coherence test
        # (_content_words) a look-up of each stop word.
        content = list(itertools.filterfalse(stop.__contains__, lower))
        density = (len(lower) - len(content)) / len(words) if words else 0.0
    else:
        content, density = None, 1.0
    # The initials of words of four characters or more; the share of
    # capitals among those that are letters.
    initials = "".join([w[0] for w in words if len(w) > 3])
    letters = initials if initials.isalpha() else "".join(filter(str.isalpha, initials))
    if letters.isascii():
        # The capitals of ASCII letters are what is left once the small ones are deleted.
        capitals = len(letters.encode("ascii").translate(None, _ASCII_SMALL))
    else:
        capitals = sum(map(str.isupper, letters))
    title_case = capitals / len(letters) if letters else 0.0
    return lower, content, density, title_case


_ASCII_SMALL = b"abcdefghijklmnopqrstuvwxyz"


def _lower_words(block: _Block) -> list[str]:
    """``block.lower``, found now for a short block (see :func:`_blocks`)."""
    if block.lower is None:
        block.lower = _case_folded(block.text, block.words)
    return block.lower


_FUNCTION_LABELS = frozenset({"the", "on", "this", "via", "x", "article", "story", "post"})


@functools.lru_cache(maxsize=64)
def _prefix_regex(phrases: frozenset[str]) -> re.Pattern:
    """One of the phrases, then the end of the block or a separator (``Read more: ...``)."""
    # Alternation backtracks: when one phrase is followed by neither, a shorter
    # or longer one is tried, so this matches when any phrase would.
    alternatives = "|".join(map(re.escape, sorted(phrases)))
    return re.compile(rf"(?:{alternatives})(?:\Z|\s*[:;|\-–—>»])")


# A button label: the text between white space, | / • · and commas.
_LABEL = re.compile(r"[^\s|/•·,]+")


def _is_button_row(folded: str, cue: _Cue) -> bool:
    """Every label of the block is one of the cue's phrases, and there are at least ``min_words``."""
    count, action = 0, False
    # Read label by label: prose fails at its first word that is no button label.
    for m in _LABEL.finditer(folded):
        word = m.group().strip(":.!")
        if word not in cue.phrases:
            return False
        count += 1
        # A row of buttons names at least one action or network, not only
        # function words ("the the the." is no share row).
        action = action or word not in _FUNCTION_LABELS
    return count >= cue.min_words and action


def _required_strings(items, flags: int, ascii_text: bool, at_start: bool = False
                      ) -> frozenset[tuple[bool, str]] | None:
    """Lower-case ASCII strings one of which every match of the parsed sequence contains.

    The text matched is ASCII (``ascii_text``) or holds no character that a
    case-insensitive ASCII letter matches (see :data:`_ASCII_CASE_VARIANTS`).
    Each string comes as (anchored, text): an anchored string is found at the
    start of the text.  ``at_start``: the sequence is matched from the start
    of the text.  None when nothing is known; an empty set when no such text
    can match.
    """
    found: list[frozenset[tuple[bool, str]] | None] = []
    run, run_at_start = "", False
    # Nothing consumed since the start of the text: a literal here is anchored.
    here = at_start
    items = list(items)
    for k, (op, arg) in enumerate(items):
        if here and op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and arg[:2] == (0, 1):
            # An optional item at the start ("^\(?with"): the rest is matched
            # from the start, or after the item; every match holds a string
            # required on one of the two ways.
            rest = items[k + 1:]
            skipped = _required_strings(rest, flags, ascii_text, True)
            if skipped is not None and len(arg[2]) == 1 and arg[2][0][0] is _sre.LITERAL \
                    and chr(arg[2][0][1]).isascii():
                # One character, then the rest: its strings at the start follow that character.
                char = chr(arg[2][0][1]).lower()
                ways = [skipped, frozenset((anchored, char + text if anchored else text)
                                           for anchored, text in skipped)]
            else:
                ways = [skipped, _required_strings(list(arg[2]) + rest, flags, ascii_text, True)]
            found.append(None if None in ways else frozenset().union(*ways))
            break
        if op is _sre.LITERAL:
            char = chr(arg)
            if char.isascii():
                # A literal of a case-insensitive pattern matches either case of
                # itself, so the strings are compared in lower case.
                if not run:
                    run_at_start = here
                run += char.lower()
                here = False
                continue
            if ascii_text and not any(re.compile(re.escape(char), flags).match(chr(c)) for c in range(128)):
                return frozenset()  # a character no ASCII text has (case-insensitive "K" matches "k")
        words = _literal_alternatives(op, arg) if run and run_at_start else None
        if words is not None:
            # Literal text at the start, then one of a few words
            # ("^\\((?:with|via) "): the text followed by one of them, at the
            # start.  (Elsewhere, a space before "by" would give strings found
            # in most prose.)
            found.append(frozenset((run_at_start, run + word) for word in words))
            run = ""
            here = False
            continue
        if run:
            found.append(frozenset([(run_at_start, run)]))
            run = ""
        if op is _sre.SUBPATTERN:
            _, add, remove, sub = arg
            inner = (flags | add) & ~remove
            if add & re.ASCII:
                inner &= ~re.UNICODE
            found.append(_required_strings(sub, inner, ascii_text, here))
        elif op is _sre.BRANCH:
            options = [_required_strings(alternative, flags, ascii_text, here) for alternative in arg[1]]
            found.append(None if None in options else frozenset().union(*options))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and arg[0] >= 1:
            found.append(_required_strings(arg[2], flags, ascii_text, here))
        elif op is _sre.ATOMIC_GROUP:
            found.append(_required_strings(arg, flags, ascii_text, here))
        elif op is _sre.ASSERT:
            # What a lookahead or lookbehind matches is in the text too; a
            # lookahead reads on from here.
            found.append(_required_strings(arg[1], flags, ascii_text, here and arg[0] == 1))
        # Anything else (classes, anchors, negative lookarounds, back
        # references) requires no particular string.
        if op is _sre.AT:
            # "^" without MULTILINE (or "\A"): what follows is at the start.
            if arg in (_sre.AT_BEGINNING, _sre.AT_BEGINNING_STRING) and not flags & re.MULTILINE:
                here = True
        elif op not in (_sre.ASSERT, _sre.ASSERT_NOT):
            here = False  # zero-width items keep the position
    if run:
        found.append(frozenset([(run_at_start, run)]))
    known = [strings for strings in found if strings is not None]
    if not known:
        return None
    if frozenset() in known:
        return frozenset()
    # Any one requirement is enough; the one with the longest shortest string
    # rules out the most text.
    return max(known, key=lambda strings: (min(len(text) for _, text in strings), -len(strings)))


def _literal_alternatives(op, arg) -> list[str] | None:
    """The lower-cased alternatives of a group or branch of ASCII literals (``(?:with|via)``); else None."""
    if op is _sre.SUBPATTERN and arg[0] is None and not arg[1] and not arg[2] and len(arg[3]) == 1:
        op, arg = arg[3][0]  # a group that changes no flags, holding one branch
    if op is not _sre.BRANCH or len(arg[1]) > 16:
        return None
    words = []
    for alternative in arg[1]:
        if not all(o is _sre.LITERAL and chr(a).isascii() for o, a in alternative):
            return None
        words.append("".join(chr(a) for _, a in alternative).lower())
    return words


def _reads_any(items) -> bool:
    """The parsed expression holds an unbounded repetition of any character (``.*``, ``.+``)."""
    for op, arg in items:
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            if arg[1] == _sre.MAXREPEAT and any(sub_op is _sre.ANY for sub_op, _ in arg[2]) \
                    or _reads_any(arg[2]):
                return True
        elif op is _sre.SUBPATTERN and _reads_any(arg[3]) or op is _sre.ATOMIC_GROUP and _reads_any(arg) \
                or op in (_sre.ASSERT, _sre.ASSERT_NOT) and _reads_any(arg[1]) \
                or op is _sre.BRANCH and any(_reads_any(alternative) for alternative in arg[1]):
            return True
    return False


# The characters outside ASCII that a case-insensitive ASCII letter matches
# (İ ı ſ and the Kelvin sign; tests/test_clean_cues.py checks every character).
_ASCII_CASE_VARIANTS = re.compile("[\u0130\u0131\u017f\u212a]")


@dataclass(frozen=True)
class _Prefilter:
    """Lower-case strings one of which a text must start with (``starts``) or hold (``anywhere``).

    A few strings to hold are in ``few``, each looked for with ``in``; more
    are in ``anywhere``, one expression.
    """

    starts: tuple[str, ...]
    anywhere: re.Pattern | None
    few: tuple[str, ...] = ()

    def admits(self, lower: str) -> bool:
        """``lower``, a lower-cased text, holds one of the strings."""
        # Strings at the start are looked for apart: in one expression with
        # the others they would defeat the search's skip over positions.
        return lower.startswith(self.starts) or any(map(lower.__contains__, self.few)) \
            or self.anywhere is not None and self.anywhere.search(lower) is not None


@functools.lru_cache(maxsize=256)
def _prefilter(strings: frozenset[tuple[bool, str]]) -> _Prefilter:
    """A :class:`_Prefilter` for one of the strings (anchored, text).

    Cached: the cue screens of blocks of different lengths mostly need the
    same strings, and dropping the implied ones compares every pair.
    """
    # A string found wherever another of the set is found adds nothing.
    strings = sorted(s for s in strings if not any(t != s and _implies(s, t) for t in strings))
    anywhere = [text for anchored, text in strings if not anchored]
    starts = tuple(text for anchored, text in strings if anchored)
    if len(anywhere) <= _FEW_STRINGS:
        return _Prefilter(starts, None, tuple(anywhere))
    return _Prefilter(starts, re.compile(_trie(anywhere)))


# Up to this many strings, looking for each with ``in`` (a fast substring
# search in C) takes less time than the regular-expression search, which
# tries the expression at every position of the text: 1.5 against 2.2 us
# for 14 strings in a paragraph of 200 characters, 0.26 against 0.95 us for 2.
_FEW_STRINGS = 16


def _trie(strings: Iterable[str]) -> str:
    """An expression for any of the strings, their common beginnings written once.

    ``a(?:fp|gree)`` is searched faster than ``afp|agree``: at each position of
    the text the search tries one alternative per first character, not one
    per string.
    """
    strings = sorted(set(strings))
    if "" in strings:
        return ""  # found here whether or not a longer string follows
    groups = itertools.groupby(strings, key=lambda s: s[0])
    alternatives = [re.escape(first) + _trie(s[1:] for s in group) for first, group in groups]
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


@functools.lru_cache(maxsize=512)
def _prefilter_strings(regex: re.Pattern, ascii_text: bool) -> frozenset[tuple[bool, str]] | None:
    """The strings of :func:`_pattern_prefilter`; None when it has none."""
    parsed = _sre_parse.parse(regex.pattern, regex.flags)
    if parsed and parsed[0] == (_sre.AT, _sre.AT_BEGINNING) and not _reads_any(parsed):
        return None
    return _required_strings(parsed, regex.flags, ascii_text)


@functools.lru_cache(maxsize=256)
def _pattern_prefilter(regex: re.Pattern, ascii_text: bool = True) -> _Prefilter | None:
    """The strings one of which the lower-cased text must hold for ``regex`` to match.

    For ASCII text (``ascii_text``), or else for text without
    :data:`_ASCII_CASE_VARIANTS`.  Searching a pattern tries it at every
    position of the text; looking for a few literal strings first is much
    cheaper, and rules out most blocks.  None for a pattern anchored at the
    start, tried at one position only (cheaper still, unless it reads on to
    the end with ``.*``), or one that requires no string.
    """
    strings = _prefilter_strings(regex, ascii_text)
    return None if strings is None else _prefilter(strings)


def _implies(s: tuple[bool, str], t: tuple[bool, str]) -> bool:
    """Text holding the required string ``s`` holds ``t`` (both (anchored, text))."""
    return t[1] in s[1] if not t[0] else s[0] and s[1].startswith(t[1])


@dataclass(frozen=True)
class _CueScreen:
    """Tests that every block a cue matches passes: a block failing all of them matches no cue.

    One per number of words (the cues that apply differ with ``max_words``)
    and kind of text (ASCII or not, see :func:`_pattern_prefilter`).  Most
    blocks are prose and match no cue; a few tests in C rule them out, instead
    of a loop over every cue.
    """

    lines: frozenset[str]           # the phrases of the 'line' cues
    prefix: re.Pattern | None       # the phrases of the 'prefix' cues, as in _prefix_regex
    labels: frozenset[str]          # the labels of the 'words' cues, one of which starts a button row
    strings: _Prefilter | None      # what the 'pattern' cues with a prefilter need
    patterns: tuple[re.Pattern, ...]  # the other 'pattern' cues (mostly anchored: tried at one position)
    # The cues that apply, in the lexicon's order, each with its compiled
    # prefix expression ('prefix') or its prefilter ('pattern', or None).
    cues: tuple[tuple[_Cue, "re.Pattern | _Prefilter | None"], ...] = ()

    def admits(self, folded: str, text: str, lower: str) -> bool:
        """The block (case-folded, as it is, lower-cased) may match a cue."""
        if folded in self.lines or self.prefix is not None and self.prefix.match(folded):
            return True
        if self.labels:
            # A button row is made of labels only (_is_button_row); prose fails
            # at its first or second word.
            labels = self.labels
            for m in _LABEL.finditer(folded):
                if m.group().strip(":.!") not in labels:
                    break
            else:
                return True
        if self.strings is not None and self.strings.admits(lower):
            return True
        for regex in self.patterns:
            if regex.search(text) is not None:
                return True
        return False


def _cue_screen(lex: CleaningLexicon, n: int, ascii_text: bool) -> _CueScreen:
    """The :class:`_CueScreen` for a block of ``n`` words."""
    screens = lex._screens
    if not screens:
        # Above the largest max_words the same cues apply.
        screens["cap"] = max((c.max_words for c in lex.cues if c.max_words is not None), default=0) + 1
    key = (min(n, screens["cap"]), ascii_text)
    screen = screens.get(key)
    if screen is None:
        cues = [c for c in lex.cues if c.max_words is None or key[0] <= c.max_words]
        prefix = frozenset().union(*(c.phrases for c in cues if c.kind == "prefix"))
        strings, patterns = set(), []
        for cue in cues:
            if cue.kind == "pattern":
                needed = _prefilter_strings(cue.regex, ascii_text)
                if needed is None:
                    patterns.append(cue.regex)
                else:
                    strings |= needed
        screen = screens[key] = _CueScreen(
            frozenset().union(*(c.phrases for c in cues if c.kind == "line")),
            _prefix_regex(prefix) if prefix else None,
            frozenset().union(*(c.phrases for c in cues if c.kind == "words")),
            _prefilter(frozenset(strings)) if strings else None, tuple(patterns),
            tuple((c, _prefix_regex(c.phrases) if c.kind == "prefix"
                   else _pattern_prefilter(c.regex, ascii_text) if c.kind == "pattern" else None)
                  for c in cues))
    return screen


def _match_cue(block: _Block, lex: CleaningLexicon, folded: str | None = None) -> _Cue | None:
    """The first cue of the lexicon that matches the block; ``folded`` is ``_fold(block.text)``."""
    if folded is None:
        folded = _fold(block.text)
    n = len(block.words)
    text = block.text
    ascii_text = text.isascii()
    # Other text is lower-cased too when every ASCII letter of a match stays
    # an ASCII letter there (str.lower maps character by character).
    lower = text.lower() if ascii_text or not _ASCII_CASE_VARIANTS.search(text) else None
    screen = _cue_screen(lex, n, ascii_text)
    if lower is not None and not screen.admits(folded, text, lower):
        return None
    # The cues that apply to a block of n words (max_words), in order.
    for cue, test in screen.cues:
        kind = cue.kind
        if kind == "line":
            hit = folded in cue.phrases
        elif kind == "prefix":
            hit = test.match(folded) is not None
        elif kind == "words":
            hit = _is_button_row(folded, cue)
        elif test is not None and lower is not None and not test.admits(lower):
            hit = False
        else:
            hit = cue.regex.search(text) is not None
        if hit and (cue.field != "byline" or _looks_like_name_line(block)):
            return cue
    return None


def _looks_like_name_line(block: _Block) -> bool:
    """A byline names people: most words after the cue are capitalised, and it is no sentence."""
    rest = [w for w in block.words[1:] if w.casefold() not in {"and", "by", "in", "of", "for", "the"}]
    if not rest:
        return True
    caps = sum(w[0].isupper() or w[0].isdigit() for w in rest) / len(rest)
    return caps >= 0.6


_DIGIT = re.compile(r"\d")


def _parse_date(text: str) -> str:
    # Every date pattern holds a day or a year in digits (\d, as _DIGIT):
    # text without a digit, like most short blocks, is not searched three times.
    if _DIGIT.search(text) is None:
        return ""
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if m:
            month = m.group("month")
            month = int(month) if month.isdigit() else _MONTHS.get(month.casefold().rstrip("."), 0)
            try:
                return _dt.date(int(m.group("year")), month, int(m.group("day"))).isoformat()
            except ValueError:
                continue
    return ""


# A date line or a breadcrumb trail holds at most this many words.
_SHORT_LINE_WORDS = 14


def _is_dateline(block: _Block) -> str | None:
    """Return the ISO date when the block is a date line, '' for a bare time stamp, else None."""
    if len(block.words) > _SHORT_LINE_WORDS:
        return None
    if _TIME.match(block.text):
        return ""
    iso = _parse_date(block.text)
    if not iso:
        return None
    if block.text.endswith(".") and len(block.words) > 4:
        return None  # a short sentence that mentions a date
    leftover = _DATE_PATTERNS[0].sub(" ", block.text)
    leftover = _DATE_PATTERNS[1].sub(" ", leftover)
    leftover = _DATE_PATTERNS[2].sub(" ", leftover)
    rest = [w for w in _WORD.findall(leftover) if w.casefold() not in _DATE_WORDS and not w.isdigit()]
    return iso if len(rest) <= 2 else None


def _is_breadcrumb(block: _Block) -> bool:
    if len(block.words) > _SHORT_LINE_WORDS:
        return False  # too long for either shape below
    parts = _BREADCRUMB_SEP.split(block.text)
    return len(parts) >= 3 and all(0 < len(_WORD.findall(p)) <= 4 for p in parts) \
        or len(parts) == 2 and len(block.words) <= 5 and not block.terminal


def _trigrams(block: _Block) -> set[tuple[str, ...]]:
    words = _lower_words(block)
    return set(zip(words, words[1:], words[2:]))


def _repeats_trigram(lowers: list[list[str]]) -> bool:
    """Some word trigram occurs twice in the word lists ``lowers`` (in one list or in two)."""
    return len(set(itertools.chain.from_iterable(zip(w, w[1:], w[2:]) for w in lowers))) \
        < sum(len(w) - 2 for w in lowers if len(w) > 2)


def _stem(word: str) -> str:
    # Porter (1980) stemming, so "planted" and "planting" count as one word.
    # Not cached here: _ContentStems keeps each word's stem.
    return _PORTER.stemWord(word)


_UNSEEN = object()


class _ContentStems(dict):
    """Case-folded word -> its stem, or None for a word that is not a content word; filled when looked up."""

    def __init__(self, stop: frozenset[str]):
        super().__init__()
        self.stop = stop
        # Every word of the list is no content word (None) unless a stop word
        # holds "’", which is read as "'" (_content_stem): then the words of a
        # block that are not stop words have the same content words as all of them.
        self.skips_stop_words = not any("’" in w for w in stop)

    def __missing__(self, word: str) -> str | None:
        stem = self[word] = _content_stem(word, self.stop)
        return stem


# One per stop-word list; started again when it grows past 200,000 words.
_CONTENT_STEMS: dict[frozenset[str], _ContentStems] = {}


def _content_stem(word: str, stop: frozenset[str]) -> str | None:
    w = word.replace("’", "'")
    if w in stop or len(w) < 3 or w.isdigit():
        return None
    return _stem(w[:-2] if w.endswith("'s") else w)


def _content_words(block: _Block, stop: frozenset[str]) -> set[str]:
    """Porter stems of the content words (not stop words, three letters or more, not numbers)."""
    # News vocabulary is Zipfian: each word type is looked at once.
    cache = _CONTENT_STEMS.get(stop)
    if cache is None or len(cache) > 200_000:
        cache = _CONTENT_STEMS[stop] = _ContentStems(stop)
    words = block.content if block.content is not None and cache.skips_stop_words else _lower_words(block)
    stems = set(map(cache.__getitem__, words))
    stems.discard(None)
    return stems


def _topic_overlaps(bags: list[set[str]], min_words: float) -> list[float | None]:
    """Per paragraph (its bag of content stems), the share of its stems found in another paragraph.

    None for a paragraph with too few stems to judge (fewer than
    ``min_words``, or none at all) and for one holding a topic word: a stem
    found in a third of the other paragraphs, and in at least two; one such
    word ties a short paragraph to the story.
    """
    # The stems found in two bags or more, with set operations: on most pages
    # few stems are shared, and only those are counted.  A stem found in one
    # bag only is counted once: it is no topic word, and not shared.
    seen: set[str] = set()
    multi: set[str] = set()
    for bag in bags:
        multi |= seen & bag
        seen |= bag
    shared = [bag & multi for bag in bags]
    # Each bag is a set: totals counts the paragraphs holding a stem.
    totals = Counter(itertools.chain.from_iterable(shared))
    topic_count = max(2, (len(bags) - 1) / 3)
    out: list[float | None] = []
    for bag, common in zip(bags, shared):
        if not bag or len(bag) < min_words:
            # Too few content words to judge (none at all, with a lexicon
            # whose min_topic_words is 0).
            out.append(None)
        elif common and max(map(totals.__getitem__, common)) - 1 >= topic_count:
            out.append(None)  # topical
        else:
            out.append(len(common) / len(bag))
    return out


_REMEMBERED_CHARS = 80


def _addresses_reader(text: str) -> bool:
    """Outside quotations, ``text`` addresses the reader (:data:`_READER`)."""
    ascii_text = text.isascii()
    if ascii_text or not _ASCII_CASE_VARIANTS.search(text):
        # Most paragraphs hold neither "you" nor "let" (the strings of the
        # prefilter): no need to strip quotations and search.  Stripping
        # replaces whole spans with a space, so a string without spaces found
        # in the stripped text is found in the text.
        prefilter = _pattern_prefilter(_READER, ascii_text)
        if prefilter is not None and not prefilter.admits(text.lower()):
            return False
    return _READER.search(_QUOTED.sub(" ", text)) is not None



def clean_document(raw: str, *, lexicon: CleaningLexicon | None = None, chrome: Iterable[str] = (),
                   language: str = "en") -> CleanedDocument:
    """Split a raw page into title, body paragraphs, metadata lines and removed spans.

    Parameters
    ----------
    raw : str
        The decoded raw text (any line ends).
    lexicon : CleaningLexicon, optional
        Cue phrases, stop words and thresholds; the shipped lexicon by default.
    chrome : iterable of str
        Normalised, case-folded blocks known to recur on other pages of the
        same outlet (see :func:`find_site_chrome`); they are removed as
        ``recurring_in_outlet``.
    language : str
        Language code selecting the stop-word list; with no list for the
        language the stop-word density and coherence tests are skipped.

    Returns
    -------
    CleanedDocument
        Every non-blank block of ``raw`` is either a paragraph or a removed
        span, each with offsets into ``raw``.

    Examples
    --------
    >>> doc = clean_document("World\\nTalks resume in Istanbul\\n"
    ...                      "Negotiators from both sides met in Istanbul on Tuesday morning.\\nShare\\nTweet")
    >>> doc.title, doc.text
    ('Talks resume in Istanbul', 'Negotiators from both sides met in Istanbul on Tuesday morning.')
    >>> [r.rule for r in doc.removed]
    ['section_label', 'title', 'share_buttons', 'share_buttons']
    """
    lex = lexicon or read_cleaning_lexicon()
    return _clean_document(raw, lex, chrome, language, lex._cue_memory)


def _clean_document(raw: str, lex: CleaningLexicon, chrome: Iterable[str], language: str,
                    cues: dict[str, _Cue | None]) -> CleanedDocument:
    """:func:`clean_document`; ``cues`` remembers the cue matched by short blocks already seen."""
    stop = lex.stopwords.get(language)
    th = lex.thresholds
    min_words = int(th["min_body_words"])
    # clean_corpus passes the outlet's frozenset: no copy per document.
    chrome = chrome if isinstance(chrome, (set, frozenset)) else frozenset(chrome)
    blocks = _blocks(raw, stop, min_words)
    keys = [_fold(b.text) for b in blocks]
    doc = CleanedDocument()
    fields: dict[str, list[str]] = {"byline": [], "credit": [], "caption": []}

    # 1. Cue phrases, metadata lines and other shape rules that need no context.
    end_rule = ""
    soft_section = False
    seen_body = 0
    for b, key in zip(blocks, keys):
        n = len(b.words)
        if end_rule:
            b.rule = end_rule
            continue
        # Short blocks (buttons, labels, chrome) recur from page to page; the
        # cue matched depends on the text alone.
        if len(b.text) <= _REMEMBERED_CHARS:
            cue = cues.get(b.text, _UNSEEN)
            if cue is _UNSEEN:
                if len(cues) >= 100_000:
                    cues.clear()
                cue = cues[b.text] = _match_cue(b, lex, key)
        else:
            cue = _match_cue(b, lex, key)
        if cue is not None:
            if cue.ends_body == "hard" and seen_body >= 2:
                end_rule = "after_end_marker"
            elif cue.ends_body == "soft" and seen_body >= 1:
                soft_section = True
            b.rule = cue.rule
            # A bare label ("Author", "Photo:") names the field but holds no value.
            if cue.field and len(b.words) > 1:
                fields[cue.field].append(b.text)
            continue
        if key in chrome:
            b.rule = "recurring_in_outlet"
            continue
        # A web address holds no white space (a block's text holds no other
        # than single spaces), and a date line or breadcrumb few words: most
        # blocks skip those tests here, without a call.
        if n == 0:
            b.rule = "url" if " " not in b.text and _URL.match(b.text) else "short_line"
            continue
        if " " not in b.text and _URL.match(b.text):
            b.rule = "url"
            continue
        if n <= _SHORT_LINE_WORDS:
            date = _is_dateline(b)
            if date is not None:
                b.rule = "dateline"
                if not doc.dateline:
                    doc.dateline, doc.published = b.text, date
                continue
            if _is_breadcrumb(b):
                b.rule = "breadcrumb"
                continue
        good_shape = n >= min_words and b.terminal and (stop is None or b.stop_density >= th["min_stopword_density"])
        if soft_section:
            # Under a related-stories heading: headlines and one-sentence teasers
            # belong to other stories; prose resumes with a multi-sentence paragraph.
            if good_shape and len(re.findall(r"[.!?]['\"”’]?\s", b.text + " ")) >= 2:
                soft_section = False
            else:
                b.rule = "related_list"
                continue
        if b.bullet:
            b.label = "list"
        elif good_shape and b.title_case < 0.75:
            b.label = "body"
            seen_body += 1
        elif b.text.endswith(":"):
            b.label = "lead_in"
        elif n >= min_words and b.terminal and b.title_case < 0.75 and n <= 3 * min_words \
                and (stop is None or b.stop_density >= th["min_stopword_density"] / 2):
            # Prose shape but few function words (names, numbers): decided by context.
            b.label = "near"
        elif n < min_words:
            b.label = "short"
        elif _ends(b.text, _ELLIPSES):
            b.rule = "truncated_teaser"
        elif b.title_case >= 0.75:
            b.label = "short" if n <= th["max_title_words"] else ""
            b.rule = "" if b.label else "title_case_line"
        elif not b.terminal:
            b.label = "unfinished"
        else:
            b.rule = "low_stopword_density"

    # 2. Title: the longest heading-like block above the first body paragraph.
    first_body = next((i for i, b in enumerate(blocks) if b.label == "body"), len(blocks))
    candidates = [b for b in blocks[:first_body]
                  if b.label in ("short", "unfinished") and 3 <= len(b.words) <= th["max_title_words"]
                  and not (b.terminal and b.text.endswith("."))]
    if candidates:
        # The headline is the longest heading-like line above the body; a site
        # name or kicker above it is shorter.
        best = max(candidates, key=lambda b: len(b.words))
        best.label, best.rule = "", "title"
        doc.title = best.text
    title_key = _fold(doc.title) if doc.title else None
    for i, b in enumerate(blocks):
        if b.rule == "title":
            continue
        if title_key and keys[i] == title_key:
            b.label, b.rule = "", "repeated_title"
        elif b.label in ("short", "unfinished") and i < first_body and len(b.words) <= 3 \
                and not b.terminal:
            b.label, b.rule = "", "section_label"

    # 3. Repetition within the document.  An exact repeat is removed where it
    # comes second.  A block most of whose word trigrams occur in a longer
    # block is a standfirst or pull quote printed again: the longer, fuller
    # copy is kept, wherever it stands.
    min_chars = th["duplicate_min_chars"]
    first_seen: dict[str, int] = {}
    indexed = []
    for i, b in enumerate(blocks):
        if b.rule or not b.label:
            continue
        if keys[i] in first_seen:
            b.label, b.rule = "", "duplicate_line"
            continue
        first_seen[keys[i]] = i
        indexed.append(i)
    # Only a trigram found in two indexed blocks or more is evidence of a
    # repeat.  On most pages no trigram occurs twice at all (the page's
    # trigrams, put in one set, are as many as its positions): then no block
    # shares one, none is a repeat, and no set per block is needed.
    shared: set[tuple[str, ...]] = set()
    if _repeats_trigram([_lower_words(blocks[i]) for i in indexed]):
        grams: list[set[tuple[str, ...]]] = [set()] * len(blocks)
        for i in indexed:
            grams[i] = _trigrams(blocks[i])
        # Found with set operations, so only those few are indexed.
        seen: set[tuple[str, ...]] = set()
        for i in indexed:
            shared |= seen & grams[i]
            seen |= grams[i]
    if shared:
        postings: dict[tuple[str, ...], list[int]] = {}
        for i in indexed:
            for gram in grams[i] & shared:
                postings.setdefault(gram, []).append(i)
        for i, b in enumerate(blocks):
            if b.rule or not b.label or len(keys[i]) < min_chars or not grams[i]:
                continue
            # Count shared trigrams through an index, so long pages stay linear.
            # A trigram found in more than 50 blocks is a formula ("said in a"),
            # not evidence of a repeat, and would make a long page quadratic.
            common = [ids for ids in map(postings.__getitem__, grams[i] & shared) if len(ids) <= 50]
            needed = th["repeat_share"] * len(grams[i])
            if len(common) < needed:
                continue  # no block shares enough of them
            hits = Counter(j for ids in common for j in ids if j != i)
            for j, count in sorted(hits.items()):
                if count >= needed and len(keys[j]) > len(keys[i]) \
                        and not blocks[j].rule:
                    b.label, b.rule = "", "repeated_text"
                    break

    # 4. Context: short blocks, unfinished lines, lead-ins and list items are
    # kept only when attached to body paragraphs (jusText's context rule).
    labels = [b.label for b in blocks]

    def neighbour(i: int, step: int) -> str:
        j = i + step
        while 0 <= j < len(blocks):
            if labels[j] == "body":
                return "body"
            if labels[j] in ("list",):
                j += step
                continue
            if labels[j] in ("short",) and blocks[j].terminal:
                j += step
                continue
            return labels[j] or "removed"
        return "edge"

    def list_run(i: int) -> list[int]:
        j = i
        while j < len(blocks) and blocks[j].label == "list":
            j += 1
        return list(range(i, j))

    def prose_list(run: list[int]) -> bool:
        items = [blocks[k] for k in run]
        return sum(len(x.words) for x in items) / len(items) >= 5 \
            and sum(x.terminal for x in items) * 2 >= len(items)

    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.rule or b.label in ("body", "keep"):
            i += 1
            continue
        if b.label == "list":
            run = list_run(i)
            before = blocks[i - 1] if i else None
            attached = before is not None and before.label in ("body", "keep", "lead_in", "near") \
                and not before.rule
            for k in run:
                blocks[k].label, blocks[k].rule = ("keep", "") if attached and prose_list(run) \
                    else ("", "list_item")
            i = run[-1] + 1
            continue
        if b.label == "short":
            prev, nxt = neighbour(i, -1), neighbour(i, 1)
            # A short question between paragraphs is a subheading of an
            # explainer ("Who is covered?"), not a sentence of the text.
            if b.terminal and prev == "body" and nxt == "body" and len(b.words) >= 2 \
                    and not _strip_symbols(b.text).endswith("?"):
                b.label = "keep"
            else:
                b.rule = "heading" if i > first_body and (not b.terminal or b.text.endswith("?")) \
                    else "short_line"
        elif b.label == "near":
            if "body" in (neighbour(i, -1), neighbour(i, 1)):
                b.label = "keep"
            else:
                b.rule = "low_stopword_density"
        elif b.label == "unfinished":
            b.rule = "truncated_teaser"
        elif b.label == "lead_in":
            nxt_block = blocks[i + 1] if i + 1 < len(blocks) else None
            if nxt_block is not None and nxt_block.label == "list" and prose_list(list_run(i + 1)) \
                    or neighbour(i, 1) == "body" and len(b.words) >= min_words:
                b.label = "keep"
            else:
                b.rule = "heading" if len(b.words) < min_words else "truncated_teaser"
        if b.rule:
            b.label = ""
        i += 1

    # 5. Topical coherence: a paragraph sharing almost no content words with
    # the rest of the article is off-topic, however well-formed.
    if stop is not None:
        kept = [b for b in blocks if b.label in ("body", "keep")]
        flagged = []
        if len(kept) >= 4:
            # The title is left out so that cleaning the cleaned text again
            # gives the same paragraphs.
            overlaps = _topic_overlaps([_content_words(b, stop) for b in kept], th["min_topic_words"])
            for b, overlap in zip(kept, overlaps):
                # No shared word at all is off-topic; a little overlap is off-topic
                # only in prose that addresses the reader ("claim your ..."), the
                # register of injected advertising, rarely of news outside quotes.
                if overlap is not None and (overlap == 0 or overlap < th["min_topic_overlap"]
                                            and _addresses_reader(b.text)):
                    flagged.append(b)
        # Off-topic is relative to the rest of the article: when half or more
        # of the paragraphs look unrelated, there is no topic to measure
        # against, and the rule removes nothing rather than the whole body.
        if flagged and len(flagged) < len(kept) / 2:
            for b in flagged:
                b.label, b.rule = "", "off_topic"
            # List items and short lines attached to an off-topic paragraph go with it.
            for i, b in enumerate(blocks):
                if b.label == "keep" and (b.bullet or len(b.words) < min_words):
                    j = i - 1
                    while j >= 0 and blocks[j].bullet and blocks[j].label == "keep":
                        j -= 1
                    if j >= 0 and blocks[j].rule == "off_topic":
                        b.label, b.rule = "", "off_topic"

    for b in blocks:
        if b.label in ("body", "keep") and not b.rule:
            doc.paragraphs.append(Paragraph(b.text, b.start, b.end))
        else:
            doc.removed.append(RemovedSpan(b.line, b.start, b.end, b.raw, b.rule or "short_line"))
    doc.byline = "; ".join(fields["byline"])
    doc.credit = "; ".join(fields["credit"])
    doc.captions = fields["caption"]
    if not doc.published:
        # A byline often carries the date ("By Ana Lopez | 3 March 2024").
        doc.published = next((d for d in map(_parse_date, fields["byline"]) if d), "")
    if not doc.dateline and doc.paragraphs:
        m = _WIRE_DATELINE.match(doc.paragraphs[0].text)
        if m:
            doc.dateline = m.group("dateline").rstrip(" -–—")
            doc.published = _parse_date(doc.dateline)
    return doc


# ---------------------------------------------------------------------------
# Corpora


def extract_html_text(html: str) -> str:
    """Extract the main text of an HTML page with trafilatura, offline.

    The extraction works on the given markup only (nothing is fetched).  The
    result is plain text, one block per line, that then goes through the same
    cleaning as a .txt file.

    Examples
    --------
    >>> page = ("<html><body><nav>Home</nav><article><h1>Talks resume</h1><p>Negotiators "
    ...         "from both sides met in Istanbul on Tuesday morning to discuss a ceasefire "
    ...         "and the exchange of prisoners.</p></article></body></html>")
    >>> "Negotiators from both sides" in extract_html_text(page)
    True
    """
    import trafilatura

    text = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=False,
                               favor_recall=True, with_metadata=False, url=None)
    if text is None:
        text = trafilatura.html2txt(html) or ""
    title = ""
    meta = trafilatura.extract_metadata(html)
    if meta is not None and meta.title:
        title = meta.title.strip()
    if title and title not in text.split("\n", 3)[:3]:
        text = title + "\n\n" + text
    return text


@functools.lru_cache(maxsize=8)
def _ascii_words_at_least(n: int) -> re.Pattern:
    """Matches ASCII text that holds ``n`` words or more (:data:`_ASCII_WORD`), in one call.

    Each word is matched whole (atomic group) after everything that is not a
    letter or digit: the words findall finds, one by one.
    """
    return re.compile(r"(?:[^A-Za-z0-9]*+(?>[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*)){%d}" % n)


@functools.lru_cache(maxsize=8)
def _words_at_least(n: int) -> re.Pattern:
    """Matches text that holds ``n`` words or more (:data:`_WORD`), in one call (see :func:`_ascii_words_at_least`)."""
    return re.compile(r"(?:(?:[^\w]|_)*+(?>[^\W_]+(?:[-'’][^\W_]+)*)){%d}" % n)


def _plain_lines(raw: str) -> bool:
    """Every line of ``raw`` normalises to its white-space-separated parts joined by one space.

    True for ASCII text, and for other text holding no character the
    mojibake repair looks for (:data:`_MOJIBAKE`), no zero-width character and
    nothing NFC changes: :func:`normalise_text` then only folds white space.
    A line break never composes with its neighbours, so text in NFC has every
    line (and every run of lines) in NFC.
    """
    return raw.isascii() or (_REPAIRED is not None and _REPAIRED.search(raw) is None
                             and unicodedata.is_normalized("NFC", raw))


# A character the mojibake repair looks for, or a zero-width one: one search.
_REPAIRED = re.compile(_MOJIBAKE.pattern[:-1] + _INVISIBLE_CHARS.pattern[1:-1] + "]") if _MOJIBAKE else None


def _short_block_keys(raw: str, limit: int) -> set[str]:
    """The keys (:func:`_fold`) of the blocks of ``raw`` with fewer than ``limit`` words; ``raw`` as :func:`_plain_lines`.

    The blocks of :func:`_segments`, found without building the long ones.
    A line's normalised text is the line with its white space folded, and a
    block's words are those of its lines (no word spans white space), so a
    block holding a line of ``limit`` words or more is long: each line is
    tested with one match that stops at the limit, and only the blocks
    around short lines are built.
    """
    # Blank lines are empty strings, so two lines are consecutive non-blank
    # lines (a possible join) when both are non-empty.
    lines = [line.strip() for line in raw.splitlines()]
    # Case-folding other text than ASCII can split words ("İ"); ASCII words
    # are the same with either expression.
    at_least = _words_at_least(limit)
    ascii_at_least = _ascii_words_at_least(limit)
    short = [i for i, line in enumerate(lines)
             if line and (ascii_at_least.match(line) if line.isascii() else at_least.match(line.casefold())) is None]
    if not short:
        return set()
    # The joins of _segments, by the same rules, read from the stripped lines
    # (their words, first character, last word and ending are those of their
    # normalised texts); a normalised text is built only for the lengths the
    # wrap width needs and for the blocks around short lines.
    texts: dict[int, str] = {}

    def text(k: int) -> str:
        if k not in texts:
            texts[k] = " ".join(lines[k].split())
        return texts[k]

    join = _line_joins(lines, lambda k: bool(lines[k + 1]), [None] * len(lines), lambda k: len(text(k)))

    keys = set()
    done = -1
    for i in short:
        if i <= done:
            continue
        first = i
        while first > 0 and join(first - 1):
            first -= 1
        end = i
        while join(end):
            end += 1
        done = end
        if first == end:
            key = _fold(text(i))
        else:
            block = " ".join(map(text, range(first, end + 1)))
            if (ascii_at_least.match(block) if block.isascii() else at_least.match(block.casefold())) is not None:
                continue
            key = _fold(block)
        if key:
            keys.add(key)
    return keys


def _segment_keys(raw: str, limit: int) -> set[str]:
    """The keys (:func:`_fold`) of the blocks of ``raw`` (:func:`_segments`) with fewer than ``limit`` words."""
    long_text = _ascii_words_at_least(limit)
    keys = set()
    for *_, text, words in _segments(raw):
        # Folding ASCII text lower-cases it and strips non-word characters
        # from its ends, so it keeps the text's words; case-folding other
        # text can split words ("İ" becomes "i" and a combining dot).
        if text.isascii():
            # Words counted only up to the limit: most blocks are long.
            if len(words) >= limit if words is not None else long_text.match(text) is not None:
                continue
            key = _fold(text)
        else:
            key = _fold(text)
            if sum(1 for _ in itertools.islice(_WORD.finditer(key), limit)) >= limit:
                continue
        if key:
            keys.add(key)
    return keys


def count_site_blocks(corpus: pd.DataFrame, lexicon: CleaningLexicon | None = None) -> dict[str, Counter]:
    """Per outlet, in how many documents each short block occurs: the counts behind :func:`find_site_chrome`.

    Only blocks shorter than a body paragraph (``min_body_words``) are counted:
    site chrome is menus, labels and buttons, and counting every paragraph of
    a large corpus would not fit in memory.  Counts from several batches add
    up with :func:`merge_site_blocks`, so the chrome found for a corpus does not
    depend on how it was cut into batches.  Outlets named 'unknown' (no
    metadata) are not pooled.
    """
    lex = lexicon or read_cleaning_lexicon()
    limit = int(lex.thresholds["min_body_words"])
    counts: dict[str, Counter] = {}
    if "outlet" not in corpus:
        return counts
    for outlet, raw in zip(corpus["outlet"], corpus["raw_text"]):
        if not isinstance(outlet, str) or outlet.strip().casefold() in ("", "unknown"):
            continue
        keys = _short_block_keys(raw, limit) if _plain_lines(raw) else _segment_keys(raw, limit)
        counts.setdefault(outlet, Counter()).update(keys)
    return counts


def merge_site_blocks(total: dict[str, Counter], more: dict[str, Counter]) -> dict[str, Counter]:
    """Add the block counts of another batch into ``total`` (returned)."""
    for outlet, counter in more.items():
        total.setdefault(outlet, Counter()).update(counter)
    return total


def select_site_chrome(counts: dict[str, Counter], min_documents: int = 2) -> dict[str, frozenset[str]]:
    """Blocks found in at least ``min_documents`` documents of one outlet."""
    chrome = {outlet: frozenset(k for k, c in counter.items() if c >= min_documents)
              for outlet, counter in sorted(counts.items())}
    return {outlet: keys for outlet, keys in chrome.items() if keys}


def find_site_chrome(corpus: pd.DataFrame, lexicon: CleaningLexicon | None = None,
                     min_documents: int = 2) -> dict[str, frozenset[str]]:
    """Short blocks that recur across documents of the same outlet (site chrome).

    A block recurs when its normalised, case-folded text is found in at least
    ``min_documents`` documents of one outlet (see :func:`count_site_blocks`).

    Returns
    -------
    dict
        outlet -> set of recurring block keys.

    Examples
    --------
    >>> frame = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"],
    ...                       "raw_text": ["Sign in\\nTalks began in Kyiv on Monday with two sides.",
    ...                                    "Sign in\\nThe port reopened after the storm passed."]})
    >>> sorted(find_site_chrome(frame)["X"])
    ['sign in']
    """
    return select_site_chrome(count_site_blocks(corpus, lexicon), min_documents)


def clean_corpus(corpus: pd.DataFrame, cues_path: str | Path | None = None, *,
                 progress: bool | None = None,
                 chrome: dict[str, frozenset[str]] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every document of a corpus loaded by :func:`corpus_analysis.io.load_corpus`.

    Parameters
    ----------
    corpus : pandas.DataFrame
        With ``doc_id`` and ``raw_text``; ``format`` ('html' pages are first
        extracted with trafilatura), ``outlet`` (for site chrome) and
        ``language`` (stop-word list) are used when present.
    cues_path : str or Path, optional
        A cleaning lexicon to use instead of the shipped one.
    progress : bool, optional
        Show a progress bar on stderr; by default only on a terminal.
    chrome : dict, optional
        Site chrome per outlet found over the whole corpus (a batch run counts
        it first, see :func:`count_site_blocks`); default: found in ``corpus``.

    Returns
    -------
    documents : pandas.DataFrame
        The corpus without ``raw_text``, plus ``title``, ``text`` (the body),
        ``paragraphs`` (count), ``empty_body``, ``dateline``,
        ``published_in_text`` (ISO date found in the text, or ''),
        ``byline``, ``credit`` and ``captions`` (joined by ' | ').  A document
        whose body is empty keeps its row, flagged, with a warning.
    removed : pandas.DataFrame
        One row per removed span: :data:`REMOVED_COLUMNS`.

    Examples
    --------
    >>> frame = pd.DataFrame({"doc_id": ["a"], "raw_text": ["Ferry talks resume\\nBoth sides "
    ...     "met in Istanbul on Tuesday to talk about the ceasefire.\\nShare this article"]})
    >>> documents, removed = clean_corpus(frame)
    >>> documents[["doc_id", "title", "empty_body"]].to_dict("records")
    [{'doc_id': 'a', 'title': 'Ferry talks resume', 'empty_body': False}]
    >>> removed["rule"].tolist()
    ['title', 'share_buttons']
    """
    lex = read_cleaning_lexicon(cues_path)
    if chrome is None:
        chrome = find_site_chrome(corpus, lex)
    rows, removed = [], []
    cues = lex._cue_memory
    items = list(zip(corpus["doc_id"], corpus["raw_text"],
                     corpus["format"] if "format" in corpus else ["txt"] * len(corpus),
                     corpus["outlet"] if "outlet" in corpus else [""] * len(corpus),
                     corpus["language"] if "language" in corpus else ["en"] * len(corpus)))
    try:
        from tqdm import tqdm

        iterator = tqdm(items, desc="cleaning", unit="doc", file=sys.stderr,
                        disable=(not progress) if progress is not None else None)
    except ImportError:  # pragma: no cover - tqdm is a declared dependency
        iterator = items
    for doc_id, raw, fmt, outlet, language in iterator:
        text = extract_html_text(raw) if fmt == "html" else raw
        # Metadata without a language (or 'unknown') is taken as English, the
        # language of the shipped stop-word list.
        lang = language if isinstance(language, str) and language not in ("", "unknown") else "en"
        doc = _clean_document(text, lex, chrome.get(outlet, ()), lang, cues)
        if not doc.paragraphs:
            warnings.warn(f"{doc_id}: no body text left after cleaning; the document is kept as a "
                          "flagged row (empty_body). Check its removed spans.", stacklevel=2)
        rows.append({"title": doc.title, "text": doc.text, "paragraphs": len(doc.paragraphs),
                     "empty_body": not doc.paragraphs, "dateline": doc.dateline,
                     "published_in_text": doc.published, "byline": doc.byline, "credit": doc.credit,
                     "captions": " | ".join(doc.captions)})
        removed.extend((doc_id, r.line, r.start, r.end, r.text, r.rule) for r in doc.removed)
    documents = corpus.drop(columns=["raw_text"]).reset_index(drop=True).copy()
    extra = pd.DataFrame(rows, columns=["title", "text", "paragraphs", "empty_body", "dateline",
                                        "published_in_text", "byline", "credit", "captions"])
    for column in extra.columns:
        documents[column] = extra[column].to_numpy() if len(extra) else pd.Series([], dtype=object)
    documents["paragraphs"] = documents["paragraphs"].astype("int64")
    documents["empty_body"] = documents["empty_body"].astype(bool)
    frame = pd.DataFrame(removed, columns=list(REMOVED_COLUMNS))
    frame = frame.astype({"line": "int64", "start": "int64", "end": "int64"})
    return documents, frame
