"""Load the YAML lexicons and parameter files that researchers edit."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

from .errors import LexiconError

__all__ = ["LexiconError", "default_lexicon_path", "load_yaml", "trie_regex", "compile_once"]

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
