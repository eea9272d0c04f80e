"""Load the YAML lexicons and parameter files that researchers edit."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import ahocorasick
import yaml

from .errors import LexiconError

__all__ = ["LexiconError", "default_lexicon_path", "load_yaml", "trie_regex", "compile_once",
           "PhraseStarts", "phrase_starts", "phrase_finditer", "matches_from"]

# PyYAML's safe loader, in its C implementation (libyaml) when the wheel has
# it: the same documents, read about ten times faster.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def default_lexicon_path(name: str) -> Path:
    """Path of a lexicon shipped with the package, e.g. ``default_lexicon_path('framing')``."""
    return Path(str(resources.files("corpus_analysis") / "lexicons" / f"{name}.yaml"))


def load_yaml(path: str | Path) -> dict[str, Any]:
    """Read a YAML mapping with PyYAML's safe loader; errors name the file and line.

    Examples
    --------
    >>> load_yaml(default_lexicon_path("framing"))["toponyms"]["kyiv"]["preferred"]
    'Kyiv'
    """
    path = Path(path)
    if not path.is_file():
        raise LexiconError(f"{path}: lexicon file not found. Check the path, or copy the shipped "
                           "default from src/corpus_analysis/lexicons/ and edit it.")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise LexiconError(f"{path}: not UTF-8 text. Save the lexicon as UTF-8.") from None
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError:
        data = None
    try:
        if data is None:
            # Read again with the pure-Python loader: a broken file then gets
            # its error and line (libyaml places some errors a line later), and
            # an empty file its None.
            data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}, column {where.column + 1}" if where else ""
        raise LexiconError(f"{path}: not valid YAML{at} ({getattr(exc, 'problem', exc)}). "
                           "Fix the indentation or quoting there.") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping of groups at the top level, found "
                           f"{type(data).__name__}. See the shipped lexicon for the layout.")
    return data


def trie_regex(forms: Iterable[str], piece: Callable[[str], str] = re.escape) -> str:
    """A regular expression matching exactly ``forms``, branching character by character.

    The forms share their prefixes ("hard", "hardline" -> ``hard(?:line)?``),
    so one scan of a text tries one alternative per next character rather
    than every form of a lexicon at every position.  ``piece`` turns one
    character of a form into its pattern (e.g. a space into ``\\s+``).

    Examples
    --------
    >>> trie_regex(["hard", "hardline", "harsh"])
    'har(?:d(?:line)?|sh)'
    >>> bool(re.fullmatch(trie_regex(["war", "warlord"]), "warlord"))
    True
    """
    tree: dict = {}
    for form in forms:
        node = tree
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict) -> str:
        alternatives = [piece(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        if "" in node:
            return f"(?:{'|'.join(alternatives)})?"
        return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"

    return branch(tree)


# A text reduced for the phrase scan (PhraseStarts): its characters one byte
# each, ASCII letters and digits as they are, white space (what \s matches)
# a space, every other ASCII character "#".  A character beyond ASCII,
# encoded as "?" first (so positions are kept), is a space too: it may be
# white space (a no-break space), and a letter beyond ASCII only adds
# candidates.  So is "?" itself, for the same reason.
_REDUCED = bytes(c if chr(c).isascii() and chr(c).isalnum() else 32 if chr(c).isspace() or c == 63 else 35
                 for c in range(256))
# A phrase's space matches a run of white space of any length; the scan
# reads runs of up to _GAPS characters.
_GAPS = 6
_TOO_WIDE = " " * (_GAPS + 1)


class PhraseStarts:
    """Where phrases may match as whole words in a text, found in one pass over it.

    Built by :func:`phrase_starts`.  :meth:`starts` returns every position
    where one of the phrases matches with no letter or digit before it and
    after it, and a few more (next to a letter beyond ASCII, after an
    underscore), so a pattern tried at those positions only
    (:func:`matches_from`, :func:`phrase_finditer`) finds what ``finditer``
    finds.  The pass is an Aho-Corasick automaton
    (pyahocorasick, in C) over a reduced copy of the text, where the regular
    expression engine would try its pattern at every position.
    """

    def __init__(self, automaton: ahocorasick.Automaton):
        self._automaton = automaton

    def starts(self, text: str) -> list[int] | None:
        """The candidate positions in ``text``, in order; None when the scan cannot vouch for them.

        It cannot for a text where the reduced copy holds a run of more than
        six spaces (white space, characters beyond ASCII, "?"): a phrase's
        space matches any run of white space.  The caller then searches the
        whole text.
        """
        reduced = f" {text} ".encode("ascii", "replace").translate(_REDUCED).decode("ascii")
        if _TOO_WIDE in reduced:
            return None
        # Each key ends with the character after the phrase's first words, so
        # its match ending at ``end`` of the reduced text (one longer in
        # front) starts at ``end - back`` of the text.
        return sorted({end - back for end, back in self._automaton.iter(reduced)})


def phrase_starts(phrases: Iterable[str]) -> PhraseStarts | None:
    """A :class:`PhraseStarts` for phrases whose spaces match any white space; None when it cannot be built.

    Each phrase is looked for by its first word, or its first two when they
    are joined by a space (both runs of ASCII letters and digits), with one
    to six white-space characters between them, a character that is not a
    letter or digit before, and another after.  A phrase that does not
    start with an ASCII letter or digit gives None: then use the pattern on
    the whole text.

    Examples
    --------
    >>> scan = phrase_starts(["Kyiv", "special military operation"])
    >>> scan.starts("In Kyiv, a special\\n\\nmilitary operation; Kyivstar.")
    [3, 11]
    """
    keys: dict[str, int] = {}
    for phrase in phrases:
        first = re.match(r"[A-Za-z0-9]+", phrase)
        if first is None:
            return None
        second = re.match(r" ([A-Za-z0-9]+)", phrase[first.end():])
        cores = [first.group()] if second is None else [first.group() + gap + second.group(1)
                                                         for gap in map(" ".__mul__, range(1, _GAPS + 1))]
        for core in cores:
            for before in " #":
                for after in " #":
                    key = before + core + after
                    keys[key] = len(key) - 1
    if not keys:
        return None
    automaton = ahocorasick.Automaton()
    for key, back in keys.items():
        automaton.add_word(key, back)
    automaton.make_automaton()
    return PhraseStarts(automaton)


def phrase_finditer(scan: PhraseStarts | None, pattern: re.Pattern, text: str, overlapping: bool = False
                    ) -> Iterator[re.Match]:
    """What ``pattern.finditer(text)`` gives (``overlapping``: the match at each position where it matches).

    ``pattern`` matches the phrases ``scan`` was built for (or fewer), and
    not the empty string.  The pattern is tried where ``scan`` finds that a
    phrase may start; without a scan, or for a text it cannot vouch for, it
    is searched for in the whole text.
    """
    starts = scan.starts(text) if scan is not None else None
    if starts is not None:
        return matches_from(pattern, text, starts, overlapping)
    return _each_match(pattern, text) if overlapping else pattern.finditer(text)


def _each_match(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    # The match of ``pattern`` at each position where it matches, in order.
    at = 0
    while (m := pattern.search(text, at)) is not None:
        yield m
        at = m.start() + 1


def matches_from(pattern: re.Pattern, text: str, starts: list[int], overlapping: bool = False
                 ) -> Iterator[re.Match]:
    """What ``pattern.finditer(text)`` gives, trying the pattern at ``starts`` only.

    ``starts`` must hold every position where ``pattern`` matches (as from
    :meth:`PhraseStarts.starts` for the pattern's phrases), in order, and the
    pattern must not match the empty string.  As ``finditer`` does, a match
    is looked for from the end of the previous one on; with ``overlapping``,
    from one character after the start of the previous one on (the matches a
    search from each position gives).
    """
    end = 0
    match = pattern.match
    for start in starts:
        if start >= end:
            m = match(text, start)
            if m is not None:
                yield m
                end = start + 1 if overlapping else m.end()


_Compiled = TypeVar("_Compiled")
# (compile function, repr of the lexicon) -> what it compiled to; the most
# recently used few lexicons only.
_COMPILED: dict[tuple[Callable, str], Any] = {}
_COMPILED_KEEP = 8
# Batches may run in threads (Dask's threaded scheduler).
_COMPILED_LOCK = threading.Lock()


def compile_once(compile: Callable[[dict], _Compiled], lexicon: dict) -> _Compiled:
    """``compile(lexicon)``, compiled once and reused while the lexicon's content stays the same.

    A lexicon is a dict that a batch engine hands to every batch (and a
    researcher may edit between calls), so it is keyed on its content: its
    ``repr``, which for data read from YAML (dicts, lists, strings, numbers,
    booleans, dates) is the same exactly when the entries and their order
    are.  The order matters: the compiled lexicon keeps the lexicon's order.
    The compiled result is shared, so ``compile`` must return an object
    nobody changes.

    Examples
    --------
    >>> calls = []
    >>> def compile(lexicon):
    ...     calls.append(1)
    ...     return sorted(lexicon)
    >>> compile_once(compile, {"b": 1, "a": 2}), compile_once(compile, {"b": 1, "a": 2}), len(calls)
    (['a', 'b'], ['a', 'b'], 1)
    >>> compile_once(compile, {"a": 2, "b": 1}) and len(calls)  # another order: compiled again
    2
    """
    key = (compile, repr(lexicon))
    with _COMPILED_LOCK:
        found = key in _COMPILED
        if found:
            compiled = _COMPILED[key] = _COMPILED.pop(key)  # now the most recently used
    if not found:
        compiled = compile(lexicon)
        with _COMPILED_LOCK:
            while len(_COMPILED) >= _COMPILED_KEEP:
                del _COMPILED[next(iter(_COMPILED))]
            _COMPILED[key] = compiled
    return compiled
