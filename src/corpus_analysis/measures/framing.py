"""Framing measures: naming, spelling, labelling, attribution and quotation.

Every measure writes one row per hit to the shared evidence table
(:mod:`corpus_analysis.measures.evidence`); every table here is a group-by of
that table, so any number can be traced to the sentences behind it.

Measures (values of the evidence column ``measure``):

* ``toponym`` - which spelling of a contested place name (Kyiv/Kiev);
* ``transliteration`` - which spelling of a leader's name (Zelenskyy/Zelensky);
* ``label`` - words naming actors and events (strongman, invasion), with the
  actor they are applied to in ``target`` and denials in ``negated``;
* ``attribution`` - reporting verbs in stance classes (said / claimed /
  admitted / scoffed), with the speaker in ``target``;
* ``quotation`` - direct quotations, with the speaker in ``target``;
* ``scare_quote`` - short quoted spans that are not quotations.

The matching rules are documented in the lexicon
(``lexicons/framing.yaml``) next to the entries and in ``docs/framing.md``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..lexicon import (LexiconError, PhraseStarts, compile_once, default_lexicon_path, load_yaml, phrase_finditer,
                       phrase_starts, trie_regex)
from ..tokenize import count_words
from .evidence import TextIndex, make_evidence, text_index

__all__ = ["read_framing_lexicon", "find_framing", "find_toponyms", "count_framing", "count_variants",
           "score_variant_shares", "score_group_shares", "score_spelling_consistency",
           "score_attribution", "score_quotations", "kwic", "MEASURES"]

# Lexicon section -> value of the evidence column ``measure``.
_SECTIONS = {"toponyms": "toponym", "transliterations": "transliteration", "labels": "label",
             "attribution": "attribution"}
MEASURES = ("toponym", "transliteration", "label", "attribution", "quotation", "scare_quote")
_SPELLING = ("toponym", "transliteration")
_LABEL_KINDS = ("person", "state", "event")


# --------------------------------------------------------------------------
# Reading and validating the lexicon
# --------------------------------------------------------------------------

def _nonempty(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_entry(where: str, entry) -> None:
    forms = entry.get("forms") if isinstance(entry, dict) else None
    if not isinstance(forms, list) or not forms or not all(_nonempty(f) for f in forms):
        raise LexiconError(f"{where}: 'forms' must be a list of spellings.")
    for key in ("rationale", "source"):
        if not _nonempty(entry.get(key)):
            raise LexiconError(f"{where}: missing '{key}'. Say why the entry is there and where it comes from.")


def _check_exclusions(where: str, group: dict) -> None:
    exclusions = group.get("exclusions", []) or []
    if not isinstance(exclusions, list):
        raise LexiconError(f"{where}.exclusions: must be a list of {{phrase, rationale}} entries.")
    for exclusion in exclusions:
        if not isinstance(exclusion, dict) or not _nonempty(exclusion.get("phrase")):
            raise LexiconError(f"{where}.exclusions: each exclusion needs a 'phrase' (and a rationale).")
        if not _nonempty(exclusion.get("rationale")):
            raise LexiconError(f"{where}.exclusions: '{exclusion['phrase']}' needs a 'rationale' "
                               "saying why the phrase is not counted.")


def _check_groups(path: Path, section: str, groups, spelling: bool) -> None:
    if not isinstance(groups, dict) or not groups:
        raise LexiconError(f"{path}: '{section}' must map group names to groups with 'variants'.")
    for name, group in groups.items():
        where = f"{path}: {section}.{name}"
        minimum = 2 if spelling else 1
        if not isinstance(group, dict) or not isinstance(group.get("variants"), dict) \
                or len(group["variants"]) < minimum:
            what = "at least two spellings to compare" if spelling else "at least one variant"
            raise LexiconError(f"{where}: needs 'variants' with {what}.")
        if spelling and group.get("preferred") not in group["variants"]:
            raise LexiconError(f"{where}: 'preferred' must name one of its variants "
                               f"({', '.join(group['variants'])}).")
        if section == "labels" and group.get("applies_to") not in _LABEL_KINDS:
            raise LexiconError(f"{where}: 'applies_to' must be one of {', '.join(_LABEL_KINDS)} "
                               "(what the label names).")
        for variant, entry in group["variants"].items():
            _check_entry(f"{where}.variants.{variant}", entry)
        _check_exclusions(where, group)


def read_framing_lexicon(path: str | Path | None = None) -> dict:
    """Read and validate the framing lexicon (default: the one shipped with the package).

    Parameters
    ----------
    path : str or Path, optional
        A YAML lexicon laid out like ``lexicons/framing.yaml``.  Only
        ``toponyms`` is required; measures whose section is missing find
        nothing.

    Returns
    -------
    dict
        The lexicon as read from YAML.

    Raises
    ------
    LexiconError
        Naming the file and the entry that is malformed, and what to do.

    Examples
    --------
    >>> lexicon = read_framing_lexicon()
    >>> lexicon["toponyms"]["kyiv"]["preferred"], sorted(lexicon["attribution"])[:2]
    ('Kyiv', ['concessive', 'distancing'])
    """
    path = Path(path) if path else default_lexicon_path("framing")
    data = load_yaml(path)
    if not isinstance(data.get("toponyms"), dict) or not data["toponyms"]:
        raise LexiconError(f"{path}: no 'toponyms' section. Add one group per place with its variants.")
    seen: dict[str, str] = {}
    for section in _SECTIONS:
        if section in data:
            _check_groups(path, section, data[section], spelling=section in ("toponyms", "transliterations"))
    for section in ("toponyms", "transliterations"):
        for name in data.get(section, {}) or {}:
            if name in seen:
                raise LexiconError(f"{path}: group '{name}' is in both {seen[name]} and {section}; "
                                   "rename one (share tables are keyed by group).")
            seen[name] = section
    if "attribution" in data and "neutral" not in data["attribution"]:
        raise LexiconError(f"{path}: attribution needs a 'neutral' group (the baseline for the "
                           "share of non-neutral attributions).")
    for name, actor in (data.get("actors") or {}).items():
        where = f"{path}: actors.{name}"
        if not isinstance(actor, dict) or actor.get("kind") not in ("person", "state"):
            raise LexiconError(f"{where}: 'kind' must be person or state.")
        names = actor.get("names")
        if not isinstance(names, list) or not names or not all(_nonempty(n) for n in names):
            raise LexiconError(f"{where}: 'names' must be a list of names.")
        if not all(_nonempty(a) for a in actor.get("adjectives", []) or []):
            raise LexiconError(f"{where}: 'adjectives' must be a list of words.")
    negation = data.get("negation")
    if negation is not None:
        if not isinstance(negation, dict) or not isinstance(negation.get("cues"), list) or not negation["cues"]:
            raise LexiconError(f"{path}: negation needs a list of 'cues'.")
        for key in ("cues", "skip"):
            bad = [w for w in negation.get(key, []) or [] if not _nonempty(w)]
            if bad:
                raise LexiconError(f"{path}: negation.{key} has {bad!r}, not words; put quotes around "
                                   "words YAML reads as true/false (\"no\", \"yes\", \"on\", \"off\").")
        if not isinstance(negation.get("max_gap", 0), int) or negation.get("max_gap", 0) < 0:
            raise LexiconError(f"{path}: negation.max_gap must be a whole number of words (0 or more).")
    quotations = data.get("quotations")
    if quotations is not None:
        limit = quotations.get("scare_quote_max_words") if isinstance(quotations, dict) else None
        if not isinstance(limit, int) or limit < 1:
            raise LexiconError(f"{path}: quotations.scare_quote_max_words must be a whole number, 1 or more.")
    return data


# --------------------------------------------------------------------------
# Compiling the lexicon: one alternation per group
# --------------------------------------------------------------------------

def _case_forms(form: str) -> list[str]:
    # Case carries meaning ("Turkey" the country, "turkey" the bird): a form
    # matches as written; a lower-case form also matches at a sentence start
    # and in title case, never the reverse.
    forms = [form]
    if form[:1].islower():
        forms.append(form[:1].upper() + form[1:])
        forms.append(" ".join(w[:1].upper() + w[1:] for w in form.split(" ")))
    return list(dict.fromkeys(forms))


def _alternation(forms) -> re.Pattern:
    # Whole words: not preceded by a letter, digit or hyphen ("pro-Kyiv",
    # "post-war"), not followed by a letter or digit; a possessive or a
    # hyphenated compound after the form ("Kyiv's", "Kyiv-based") still
    # matches.  Longest alternatives first, so the longest form wins at any
    # one position.  The condition on the character before is checked by
    # _whole_words, not by a lookbehind: the regex engine tests a leading
    # lookbehind at every position of the text, whereas a pattern opening
    # with the forms lets it skip to their first letters.
    ordered = sorted(set(forms), key=lambda f: (-len(f), f))
    body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in ordered)
    return re.compile(rf"(?:{body})(?![^\W_])")


def _starts_word(text: str, at: int) -> bool:
    # Not preceded by a letter, digit or hyphen (see _alternation).
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "-")


def _whole_words(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """The matches of an :func:`_alternation` pattern that start a word, as ``finditer`` would find them.

    A match that does not start a word is skipped and the search resumes one
    character later, exactly where a failed lookbehind would have let it go on.
    """
    at = 0
    while (m := pattern.search(text, at)) is not None:
        if _starts_word(text, m.start()):
            yield m
            at = m.end()
        else:
            at = m.start() + 1


def _prefix_tree(forms) -> str:
    # The forms of the whole lexicon share one scan of the text (a space in a
    # form matches any run of white space): the engine would try the
    # alternatives of a plain alternation one after another at every position.
    return trie_regex(forms, lambda char: r"\s+" if char == " " else re.escape(char))


def _spaced(form: str) -> str:
    # The lexicon form of a match: runs of whitespace read as one space.  A
    # match without whitespace other than single spaces is its own form.
    return form if form.isprintable() and "  " not in form else re.sub(r"\s+", " ", form)


@dataclass
class _Group:
    measure: str
    name: str
    pattern: re.Pattern
    variant_of: dict[str, str]
    exclusions: re.Pattern | None
    applies_to: str = ""
    excluded_phrases: tuple[str, ...] = ()


def _compile_group(measure: str, name: str, group: dict) -> _Group:
    variant_of = {}
    for variant, entry in group["variants"].items():
        for form in entry["forms"]:
            for cased in _case_forms(form):
                variant_of[cased] = variant
    phrases = [p for e in group.get("exclusions", []) or [] for p in _case_forms(e["phrase"])]
    return _Group(measure, name, _alternation(variant_of), variant_of,
                  _alternation(phrases) if phrases else None, group.get("applies_to", ""), tuple(phrases))


@dataclass
class _Scan:
    """Every form and exclusion phrase of the lexicon, found in one scan of a text (see :func:`_lexicon_hits`)."""

    # Where some form or phrase matches (a prefix tree of them all), with
    # \b in front when every one starts with a letter or digit.
    candidates: re.Pattern
    candidates_at_word_start: re.Pattern | None
    # First character -> (slot, group, pattern) of the patterns with a form
    # or phrase starting with it; a slot numbers the pattern (two groups may
    # compile to the same pattern object).
    by_first: dict[str, list[tuple[int, _Group, re.Pattern]]]
    # (group, slot of its forms, slot of its exclusions or None), in lexicon order.
    slots: list[tuple[_Group, int, int | None]]
    # Whether every string is words joined by single spaces; then what the
    # patterns match at a candidate depends only on the candidate's text
    # (see _matches_at), which is looked up in ``matches``.
    plain_strings: bool = False
    matches: dict[str, list[tuple[int, _Group, int]]] = field(default_factory=dict)
    # Where a string may start (every string opening with an ASCII letter or
    # digit): the candidates are looked for there only.
    starts: PhraseStarts | None = None


def _compile_scan(groups: list[_Group]) -> _Scan | None:
    strings: set[str] = set()
    by_first: dict[str, list[tuple[int, _Group, re.Pattern]]] = {}
    slots = []
    for group in groups:
        group_slots = []
        for pattern, found in ((group.pattern, group.variant_of), (group.exclusions, group.excluded_phrases)):
            if pattern is None:
                group_slots.append(None)
                continue
            slot = len(slots) * 2 + len(group_slots)
            strings.update(found)
            for first in sorted({f[0] for f in found}):
                by_first.setdefault(first, []).append((slot, group, pattern))
            group_slots.append(slot)
        slots.append((group, *group_slots))
    if not strings:
        return None
    tree = _prefix_tree(strings)
    # \b (a cheap test) rules out most positions inside words, and a set of
    # first characters most words; \b stands for "no letter or digit before"
    # only when every string opens with one.
    at_word_start = None
    if all(s[0].isalnum() for s in strings):
        firsts = "".join(sorted({s[0] for s in strings}))
        at_word_start = re.compile(rf"\b(?=[{re.escape(firsts)}]){tree}(?![^\W_])")
    plain_strings = all(" ".join(s.split()) == s for s in strings)
    return _Scan(re.compile(rf"{tree}(?![^\W_])"), at_word_start, by_first, slots, plain_strings,
                 starts=phrase_starts(strings))


def _matches_at(scan: _Scan, candidate: str) -> list[tuple[int, _Group, int]]:
    """(slot, group, length of its match) of the patterns that match where ``candidate`` was found.

    ``candidate`` is the longest lexicon string found at a word start (the
    scan's prefix tree, followed by no letter or digit).  When the strings are
    words joined by single spaces, the tree can go on at most one way at each
    character, so every string matching there is a prefix of the candidate,
    and a pattern's match there is its match on the candidate text alone:
    the character after a shorter match lies in the candidate, and the one
    after the candidate is no letter or digit, as at the end of a string.
    """
    found = scan.matches.get(candidate)
    if found is None:
        found = []
        for slot, group, pattern in scan.by_first.get(candidate[0], ()):
            m = pattern.match(candidate)
            if m is not None:
                found.append((slot, group, m.end()))
        if len(scan.matches) > 100_000:
            scan.matches.clear()
        scan.matches[candidate] = found
    return found


@dataclass
class _Compiled:
    groups: dict[str, list[_Group]] = field(default_factory=dict)
    actor_names: re.Pattern | None = None
    actor_of: dict[str, str] = field(default_factory=dict)
    actor_kind: dict[str, str] = field(default_factory=dict)
    adjective_actors: dict[str, list[str]] = field(default_factory=dict)
    negation_cues: frozenset = frozenset()
    negation_skip: frozenset = frozenset()
    negation_gap: int = 0
    negation_suffixes: tuple = ()
    verb_forms: frozenset = frozenset()
    scare_max: int = 3
    scan: _Scan | None = None
    label_patterns: dict[str, re.Pattern] = field(default_factory=dict)
    # Name as written -> _canonical of it, for this lexicon (names recur
    # across documents); restarted at _CANONICAL_CACHE_SIZE names.
    canonical: dict[str, str] = field(default_factory=dict)


def _compile(lexicon: dict) -> _Compiled:
    compiled = _Compiled()
    for section, measure in _SECTIONS.items():
        compiled.groups[measure] = [_compile_group(measure, name, group)
                                    for name, group in (lexicon.get(section) or {}).items()]
    compiled.scan = _compile_scan([g for groups in compiled.groups.values() for g in groups])
    names = {}
    for actor, spec in (lexicon.get("actors") or {}).items():
        compiled.actor_kind[actor] = spec["kind"]
        for name in spec["names"]:
            names[name] = actor
        for adjective in spec.get("adjectives", []) or []:
            compiled.adjective_actors.setdefault(adjective, []).append(actor)
    compiled.actor_of = names
    if names:
        compiled.actor_names = _alternation(names)
        compiled.label_patterns = _label_patterns(names)
    negation = lexicon.get("negation") or {}
    compiled.negation_cues = frozenset(c.lower() for c in negation.get("cues", []))
    compiled.negation_suffixes = tuple(sorted(c for c in compiled.negation_cues if c.startswith("n'")))
    compiled.negation_skip = frozenset(w.lower() for w in negation.get("skip", []) or [])
    compiled.negation_gap = int(negation.get("max_gap", 0))
    compiled.verb_forms = frozenset(form for group in (lexicon.get("attribution") or {}).values()
                                    for entry in group["variants"].values() for form in entry["forms"])
    compiled.scare_max = int((lexicon.get("quotations") or {}).get("scare_quote_max_words", 3))
    return compiled


def _group_hits(group: _Group, text: str) -> list[tuple[int, int, str, str]]:
    excluded = [m.span() for m in _whole_words(group.exclusions, text)] if group.exclusions else []
    return _kept_hits(group, [m.span() for m in _whole_words(group.pattern, text)], excluded, text)


def _kept_hits(group: _Group, spans: list[tuple[int, int]], excluded: list[tuple[int, int]], text: str) -> list[tuple]:
    # The matches (spans) of a group outside its exclusion phrases, as hits.
    hits = []
    for start, end in spans:
        if not (excluded and any(s <= start and end <= e for s, e in excluded)):
            hits.append((start, end, group.name, group.variant_of[_spaced(text[start:end])]))
    return hits


def _lexicon_hits(text: str, compiled: _Compiled, measures) -> dict[str, list[tuple[int, int, str, str]]]:
    """The hits of every group of the given measures, as :func:`_group_hits` finds them, in one scan.

    Every position where a group's pattern (or its exclusions) matches is a
    position where some form (or phrase) of the lexicon matches, so one scan
    with all of them finds the candidates; at each candidate the patterns with
    a form starting there are tried, each from the end of its own last match
    on, as ``finditer`` would go on.  Overlaps between groups are resolved by
    :func:`_longest`.
    """
    found: dict[str, list[tuple[int, int, str, str]]] = {m: [] for m in measures}
    scan = compiled.scan
    if scan is None:
        return found
    # \b reads "no letter or digit before" only where no underscore (a word
    # character, not a letter) stands before a form.
    candidates = scan.candidates_at_word_start
    if candidates is None or "_" in text:
        candidates = scan.candidates
    matched: dict[int, list[tuple[int, int]]] = {}
    resume: dict[int, int] = {}
    # The tree's match at every position where it matches, in order
    # (overlapping), tried where a string may start.
    for candidate in phrase_finditer(scan.starts, candidates, text, overlapping=True):
        start = candidate.start()
        if not _starts_word(text, start):
            continue
        if scan.plain_strings:
            for slot, group, length in _matches_at(scan, candidate.group()):
                if group.measure in found and start >= resume.get(slot, 0):
                    resume[slot] = end = start + length
                    spans = matched.get(slot)
                    if spans is None:
                        matched[slot] = [(start, end)]
                    else:
                        spans.append((start, end))
            continue
        for slot, group, pattern in scan.by_first.get(text[start], ()):
            if group.measure in found and start >= resume.get(slot, 0):
                m = pattern.match(text, start)
                if m is not None:
                    matched.setdefault(slot, []).append(m.span())
                    resume[slot] = m.end()
    if matched:
        # Only the groups whose forms matched (slot // 2 numbers the group
        # in scan.slots), in lexicon order.
        slots = scan.slots
        for group_slot in sorted({slot >> 1 for slot in matched}):
            group, forms, exclusions = slots[group_slot]
            if forms in matched:
                excluded = matched.get(exclusions, []) if exclusions is not None else []
                found[group.measure] += _kept_hits(group, matched[forms], excluded, text)
    return {measure: _longest(hits) for measure, hits in found.items()}


def _longest(hits: list[tuple]) -> list[tuple]:
    # Across the groups of one measure, overlapping hits are resolved in
    # favour of the longest, then the leftmost, so nested entries are never
    # counted twice ("special military operation" vs "military operation").
    if len(hits) < 2:
        return hits
    ordered = sorted(hits)
    if all(a[1] <= b[0] for a, b in zip(ordered, ordered[1:])):
        return ordered  # no two overlap: every hit is kept
    kept: list[tuple] = []
    for hit in sorted(hits, key=lambda h: (-(h[1] - h[0]), h[0], h[2], h[3])):
        if all(hit[1] <= k[0] or hit[0] >= k[1] for k in kept):
            kept.append(hit)
    return sorted(kept)


# --------------------------------------------------------------------------
# Who: speakers and label targets
# --------------------------------------------------------------------------

_PRONOUNS = frozenset("he she they it we i you".split())
_CALENDAR = frozenset("""Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
May June July August September October November December""".split())
# Words that may stand between a speaker and the verb ("Putin has previously
# stated", "Peskov on Tuesday said").
_BETWEEN_SPEAKER_AND_VERB = frozenset("""has had have also previously later earlier again repeatedly then
reportedly once on in""".split()) | _CALENDAR
_LEADING_DROP = frozenset("The A An".split())
# Titles stripped from the front of a speaker's name ("Foreign Minister
# Jean Dupont" -> "Jean Dupont"), with a nationality adjective before them.
_TITLES = frozenset("""President Vice Prime Minister Foreign Defence Defense Interior Secretary General Chancellor
Deputy Chief Head Spokesman Spokeswoman Spokesperson Ambassador Envoy Senator Sen Rep Representative Governor Gov
Mayor King Queen Prince Pope Mr Mrs Ms Dr Gen Col Lt Commander Adviser Advisor Aide Speaker Leader""".split())
_NATIONALITY_ENDINGS = ("ian", "ean", "ese", "ish", "can", "ch", "ki", "ni", "an")
# Plural and collective nouns that often open a sentence as the subject of
# a reporting verb ("Officials said"): never taken for a name.
_COMMON_SUBJECTS = frozenset("""Officials Analysts Experts Critics Sources Witnesses Residents Authorities
Observers Diplomats Others Some Many Both Investigators Police Prosecutors Lawmakers Protesters Reports Ministers
Leaders Negotiators Troops Soldiers Doctors Scientists Researchers Economists Officers Commanders Activists
Voters People Everyone Nobody Several Most Few All Neither Each""".split())


def _is_name_token(token: str) -> bool:
    return token[:1].isupper() and token not in _CALENDAR


def _gap_is_space(text: str, end: int, start: int) -> bool:
    return end == start or not text[end:start].strip()


_POSSESSIVE_END = re.compile(r"['’]s$")


_CANONICAL_CACHE_SIZE = 100_000


def _canonical(name: str, compiled: _Compiled) -> str:
    cache = compiled.canonical
    found = cache.get(name)
    if found is None:
        if len(cache) >= _CANONICAL_CACHE_SIZE:
            cache.clear()
        found = cache[name] = _canonical_name(name, compiled)
    return found


def _canonical_name(name: str, compiled: _Compiled) -> str:
    name = _POSSESSIVE_END.sub("", name)
    words = name.split()
    for i in range(len(words)):
        # "Ukrainian President Volodymyr Zelensky" -> the actor Zelenskyy.
        tail = " ".join(words[i:])
        if tail in compiled.actor_of:
            return compiled.actor_of[tail]
    if all(w in _TITLES for w in words):
        return ""  # "The President said": a role, not a name
    while len(words) > 1 and (words[0] in _TITLES or words[0] in compiled.adjective_actors
                              or (words[0].endswith(_NATIONALITY_ENDINGS) and words[1] in _TITLES)):
        words.pop(0)
    return " ".join(words)


def _written_in_lower_case(index: TextIndex, name: str) -> bool:
    # Whether the text writes the name's words in lower case (an ordinary
    # word, not a name), without splitting the whole text into words.
    lowered = name.lower()
    return lowered.islower() and index.has_word(lowered)


def _speaker_before(index: TextIndex, verb_start: int, compiled: _Compiled) -> tuple[bool, str]:
    """(found a subject, name) for "X said": ``found`` is True for a pronoun too."""
    span = index.sentence_span_at(verb_start)
    before = index.words_before(verb_start, span[0] if span else 0)
    text = index.text
    token, right = next(before, None), verb_start
    while token is not None and token.text in _BETWEEN_SPEAKER_AND_VERB \
            and _gap_is_space(text, token.end, right):
        right = token.start
        token = next(before, None)
    if token is None or not _gap_is_space(text, token.end, right):
        return False, ""
    if token.text.lower() in _PRONOUNS:
        return True, ""
    run: list = []
    while token is not None and _is_name_token(token.text) and _gap_is_space(text, token.end, right):
        run.insert(0, token)
        right = token.start
        token = next(before, None)
    while run and run[0].text in _LEADING_DROP:
        run.pop(0)
    if not run:
        return False, ""
    at_sentence_start = token is None
    name = text[run[0].start:run[-1].end]
    if len(run) == 1 and at_sentence_start and name not in compiled.actor_of \
            and (name in _COMMON_SUBJECTS or _written_in_lower_case(index, name)):
        # A lone capitalised word opening the sentence may be an ordinary
        # noun ("Officials said"): a name only if it is not a usual subject
        # noun and the document never writes it in lower case ("Malyar said").
        return True, ""
    return True, _canonical(name, compiled)


def _speaker_after(index: TextIndex, verb_end: int, compiled: _Compiled) -> tuple[bool, str]:
    """(found, name) for "said X": the last name in the clause after the verb."""
    text = index.text
    span = index.sentence_span_at(max(verb_end - 1, 0))
    tokens = index.words_between(verb_end, span[1] if span else len(text), limit=8)
    clause, left = [], verb_end
    for token in tokens:
        if not _gap_is_space(text, left, token.start):
            break
        clause.append(token)
        left = token.end
    if clause and clause[0].text.lower() in _PRONOUNS:
        return True, ""
    if not clause or not _is_name_token(clause[0].text) or clause[0].text in _LEADING_DROP:
        # "said Peskov", "said Kremlin spokesman Dmitry Peskov"; but not
        # "accusing the Ukrainian president" (no name right after the verb).
        return False, ""
    runs, current = [], []
    for token in clause:
        if _is_name_token(token.text):
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    runs = [[t for t in r if t.text not in _LEADING_DROP] for r in runs]
    runs = [r for r in runs if r]
    if not runs:
        return False, ""
    return True, _canonical(text[runs[-1][0].start:runs[-1][-1].end], compiled)


def _speaker_before_once(index: TextIndex, verb_start: int, compiled: _Compiled,
                         speakers: dict | None) -> tuple[bool, str]:
    # _speaker_before, looked up once per verb of a document: a verb after a
    # quotation is read for its attribution row and again for the quotation.
    if speakers is None:
        return _speaker_before(index, verb_start, compiled)
    found = speakers.get(verb_start)
    if found is None:
        found = speakers[verb_start] = _speaker_before(index, verb_start, compiled)
    return found


_AFTER_QUOTE_OR_COMMA = re.compile(r"[,”\"]\s*$")


def _verb_speaker(index: TextIndex, start: int, end: int, compiled: _Compiled, speakers: dict | None = None) -> str:
    found, name = _speaker_before_once(index, start, compiled, speakers)
    if found:
        return name
    before = index.text[max(0, start - 3):start]
    if _AFTER_QUOTE_OR_COMMA.search(before):
        # Inverted attribution after a quotation or a comma: '..., said Peskov'.
        return _speaker_after(index, end, compiled)[1]
    return ""


_ACCORDING = re.compile(r"\baccording\s+to\s+$", re.IGNORECASE)
_GAP_AFTER_QUOTE = re.compile(r"[\"”»]?[,.!?…—–-]*[\"”»]?\s*[,—–-]?\s*")
_LEAD_BEFORE_QUOTE = re.compile(r"([^\W_]+)\s*[:,]?\s*[\"“„«]$")
_ACCORDING_BEFORE_QUOTE = re.compile(r"according\s+to\s+([^,]{1,60}),\s*[\"“„«]$", re.IGNORECASE)


_OPENING_MARKS = "\"“„«"


def _before_mark(before: str) -> str | None:
    # ``before`` up to an opening mark that ends it, where _LEAD_BEFORE_QUOTE
    # and _ACCORDING_BEFORE_QUOTE end with [marks]$ ($ also matches before a
    # final newline), with the white space before the mark stripped; None
    # without such a mark.
    if before.endswith("\n"):
        before = before[:-1]
    if not before or before[-1] not in _OPENING_MARKS:
        return None
    return before[:-1].rstrip()


def _lead_word_start(before: str) -> int | None:
    """Where a match of _LEAD_BEFORE_QUOTE in ``before`` can start; None where it has none.

    The pattern is a word, white space, an optional colon or comma, white
    space and a mark at the end: only the last run of letters and digits
    before the mark can be its word, so a search from the start of that run
    finds what a search of all of ``before`` finds, without trying (and
    backtracking from) every earlier word.
    """
    head = _before_mark(before)
    if head is None:
        return None
    if head.endswith((":", ",")):
        head = head[:-1].rstrip()
    at = len(head)
    while at and head[at - 1].isalnum():
        at -= 1
    return at if at < len(head) else None


def _comma_before_mark(before: str) -> bool:
    # Whether ``before`` ends in a comma, white space and an opening mark,
    # as every match of _ACCORDING_BEFORE_QUOTE does.
    head = _before_mark(before)
    return head is not None and head.endswith(",")


def _quote_attribution(index: TextIndex, quote, compiled: _Compiled, speakers: dict | None = None) -> tuple[bool, str]:
    """(attributed, speaker) for a quotation, from the words right after or before the marks."""
    text = index.text
    # The first two words after the marks settle most quotations ('” Peskov
    # said'); the words after them (up to six) are split only when needed.
    after = index.words_between(quote.end, len(text), limit=2)
    gap = text[quote.end:after[0].start] if after else ""
    # A quotation that ends its sentence ('... peace.”') takes an
    # attribution after it only in the form '... ?” he asked' / '” said X'.
    closed = text[quote.start:quote.end].rstrip().endswith((".", "!", "?", "…"))
    if after and "\n" not in gap and _GAP_AFTER_QUOTE.fullmatch(gap) \
            and not (closed and after[0].text[:1].isupper() and after[0].text not in compiled.verb_forms):
        if after[0].text in compiled.verb_forms:
            return True, _speaker_after(index, after[0].end, compiled)[1]
        if after[0].text.lower() == "according" and len(after) > 1 and after[1].text == "to":
            return True, _speaker_after(index, after[1].end, compiled)[1]
        if len(after) == 2 and not (after[1].text in compiled.verb_forms and not _is_name_token(after[1].text)):
            # Both loops below stop at a second word that is a verb and no
            # name; otherwise they may read on.
            after = index.words_between(quote.end, len(text), limit=6)
        for token in after[1:]:
            if token.text in compiled.verb_forms:
                found, name = _speaker_before_once(index, token.start, compiled, speakers)
                if found:
                    return True, name
                break
        # '"...," Ihor Petrenko, deputy head of the office, said': a name in
        # apposition before a reporting verb later in the sentence.
        run = []
        for token in after:
            if not _is_name_token(token.text) or (run and not _gap_is_space(text, run[-1].end, token.start)):
                break
            run.append(token)
        if run and text[run[-1].end:run[-1].end + 1] == ",":
            span = index.sentence_span_at(run[-1].end)
            rest = index.words_between(run[-1].end, span[1] if span else len(text), limit=12)
            if any(t.text in compiled.verb_forms for t in rest):
                return True, _canonical(text[run[0].start:run[-1].end], compiled)
    before_text = text[max(0, quote.start - 80):quote.start]
    lead_at = _lead_word_start(before_text)
    lead = _LEAD_BEFORE_QUOTE.search(before_text, lead_at) if lead_at is not None else None
    if lead:
        verb_start = quote.start - len(before_text) + lead.start(1)
        if lead.group(1) in compiled.verb_forms:
            found, name = _speaker_before_once(index, verb_start, compiled, speakers)
            if not found:
                found, name = _speaker_after(index, verb_start + len(lead.group(1)), compiled)
            return True, name
    according = _ACCORDING_BEFORE_QUOTE.search(before_text) if _comma_before_mark(before_text) else None
    if according:
        at = quote.start - len(before_text) + according.start(1) - 1
        return True, _speaker_after(index, at, compiled)[1]
    return False, ""


def _label_patterns(names: dict[str, str]) -> dict[str, re.Pattern]:
    # The patterns of _label_target, compiled once per lexicon.  The actor
    # names carry their lookbehind here: they are searched in short slices
    # of the text, where a name at the start of the slice counts as a word.
    names = r"(?<![^\W_])(?<!-)" + _alternation(names).pattern
    return {
        # 1. A name directly before the label (possessive, or any).
        "possessive": re.compile(rf"({names})['’]s\s+(?:[\w-]+\s+)?$"),
        "before": re.compile(rf"({names})\s+$"),
        # 2. Apposition or copula.
        "apposition": re.compile(rf"({names})(?:,\s+|\s+(?:is|was|as|remains|became)\s+|\s+)(?:a|an|the)\s+"
                                 rf"(?:[\w-]+\s+){{0,2}}$"),
        # 3. Title before a name (a person; a state or government: "of", "in").
        "person_after": re.compile(rf"(?:['’]s)?\s+({names})"),
        "state_after": re.compile(rf"(?:['’]s)?\s+(?:of|in)\s+({names})"),
        "by": re.compile(rf"\s+by\s+({names})"),
    }


_WORD_OR_HYPHEN_RUN = re.compile(r"[\w-]+")


def _last_words(left: str) -> list[str]:
    """``re.findall(r"[\\w-]+", left)[-2:]``: runs after a space near the end, unless fewer than two are there."""
    # A space ends no run, so the runs after it are whole.
    words = _WORD_OR_HYPHEN_RUN.findall(left, left.rfind(" ", 0, max(0, len(left) - 20)) + 1)
    return words[-2:] if len(words) >= 2 else _WORD_OR_HYPHEN_RUN.findall(left)[-2:]


def _label_target(index: TextIndex, start: int, end: int, applies_to: str, compiled: _Compiled) -> str:
    if compiled.actor_names is None:
        return ""
    text = index.text
    span = index.sentence_span_at(start) or (0, len(text))
    left = text[max(span[0], start - 120):start]
    right = text[end:min(span[1], end + 80)]
    patterns = compiled.label_patterns

    def actor(match_text: str) -> str:
        return compiled.actor_of.get(re.sub(r"\s+", " ", match_text), "")

    # The patterns of 1. and 2. each hold a name, found in ``left`` by the
    # plain name pattern too: a text without one (most) skips them.
    named = compiled.actor_names.search(left) is not None
    # 1. A name directly before: "Putin's war", "the Putin regime".  Event
    #    labels need the possessive ("Russia's invasion"): "the Ukraine war"
    #    names a place, not an aggressor.
    m = patterns["possessive"].search(left) if named else None
    if applies_to != "event" and not m and named:
        m = patterns["before"].search(left)
    if m and (applies_to != "event" or compiled.actor_kind.get(actor(m.group(1))) == "state"):
        return actor(m.group(1))
    if applies_to != "event":
        # 2. Apposition or copula: "Putin, the Russian strongman", "Putin is
        #    a dictator", "called Lukashenko a dictator".
        m = patterns["apposition"].search(left) if named else None
        if m:
            return actor(m.group(1))
        # 3. Title before a name: "strongman Vladimir Putin", "the regime of
        #    Vladimir Putin".
        m = patterns["person_after" if applies_to == "person" else "state_after"].match(right)
        if m:
            return actor(m.group(1))
    else:
        m = patterns["by"].match(right)
        if m:
            return actor(m.group(1))
    # 4. A national adjective: "the Russian strongman" -> Putin, "the Russian
    #    invasion" -> Russia; only when one actor of the right kind holds it.
    kind = "state" if applies_to in ("state", "event") else "person"
    for word in reversed(_last_words(left)):
        holders = [a for a in compiled.adjective_actors.get(word, []) if compiled.actor_kind[a] == kind]
        if len(holders) == 1:
            return holders[0]
    return ""


_CLAUSE_BREAK = re.compile(r"[,;:—–()\[\]]")


def _is_negated(index: TextIndex, start: int, compiled: _Compiled) -> bool:
    if not compiled.negation_cues:
        return False
    text = index.text
    span = index.sentence_span_at(start)
    right, skipped = start, 0
    for token in index.words_before(start, span[0] if span else 0):
        if _CLAUSE_BREAK.search(text, token.end, right):
            return False
        word = token.text.lower().replace("’", "'")
        # A cue opening with n' ("n't") also ends a word ("didn't").
        if word in compiled.negation_cues or word.endswith(compiled.negation_suffixes):
            return True
        if word == "but" or word not in compiled.negation_skip or skipped >= compiled.negation_gap:
            return False
        skipped += 1
        right = token.start
    return False


# --------------------------------------------------------------------------
# Finding: one evidence table for every measure
# --------------------------------------------------------------------------

def _hit_rows(doc_id: str, index: TextIndex, measure: str, hits: list[tuple], compiled: _Compiled,
              speakers: dict | None = None) -> list[tuple]:
    rows = []
    if not hits:
        return rows
    groups = {g.name: g for g in compiled.groups.get(measure, [])} if measure == "label" else {}
    row = index.row
    for start, end, group, variant in hits:
        target, negated = "", False
        if measure == "label":
            target = _label_target(index, start, end, groups[group].applies_to, compiled)
            negated = _is_negated(index, start, compiled)
        elif measure == "attribution":
            target = _verb_speaker(index, start, end, compiled, speakers)
        rows.append(row(doc_id, measure, group, variant, start, end, target, negated))
    return rows


# A span ends in punctuation when its last character other than white space
# is one of these (the regex [.,!?…;:]\s*$).
_PUNCTUATION_AT_END = frozenset(".,!?…;:")


def _quote_rows(doc_id: str, index: TextIndex, compiled: _Compiled,
                speakers: dict | None = None) -> dict[str, list[tuple]]:
    # Quotations and scare quotes come from the same quoted spans: each span
    # is read once for both measures.
    rows: dict[str, list[tuple]] = {"quotation": [], "scare_quote": []}
    for quote in index.quotes:
        inner = index.text[quote.start:quote.end]
        attributed, speaker = _quote_attribution(index, quote, compiled, speakers)
        ends_in_punctuation = inner.rstrip()[-1:] in _PUNCTUATION_AT_END
        if not attributed and not ends_in_punctuation and count_words(inner) <= compiled.scare_max:
            term = re.sub(r"\s+", " ", inner.strip()).lower()
            rows["scare_quote"].append(index.row(doc_id, "scare_quote", "scare_quote", term, quote.start, quote.end))
        else:
            rows["quotation"].append(index.row(doc_id, "quotation", "direct", "direct", quote.start, quote.end,
                                               speaker))
    return rows


def _measure_rows(doc_id: str, index: TextIndex, measure: str, compiled: _Compiled) -> list[tuple]:
    if measure in _SECTIONS.values():
        hits = _lexicon_hits(index.text, compiled, (measure,))[measure]
        return _hit_rows(doc_id, index, measure, hits, compiled)
    if measure in ("quotation", "scare_quote"):
        return _quote_rows(doc_id, index, compiled)[measure]
    return []


def find_framing(documents: pd.DataFrame, lexicon: dict, measures=MEASURES) -> pd.DataFrame:
    """One evidence row per framing hit in the cleaned ``text`` of each document.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id`` and ``text`` (cleaned body).
    lexicon : dict
        From :func:`read_framing_lexicon`.
    measures : sequence of str, optional
        Which of :data:`MEASURES` to find (default: all).

    Returns
    -------
    pandas.DataFrame
        The evidence table (:data:`~corpus_analysis.measures.evidence.EVIDENCE_COLUMNS`).
        ``variant`` is the lexicon variant (for ``quotation`` always
        ``direct``; for ``scare_quote`` the quoted words in lower case);
        ``target`` holds whom a label is applied to, or who speaks for
        ``attribution`` and ``quotation``; ``negated`` marks denied labels.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": [
    ...     'The Russian strongman scoffed. "It is not a war," Peskov said in Kiev.']})
    >>> ev = find_framing(docs, read_framing_lexicon())
    >>> for row in ev[["measure", "variant", "target", "negated"]].itertuples(index=False):
    ...     print(*row)
    label strongman Putin False
    attribution scoff  False
    quotation direct Peskov False
    label war  True
    attribution say Peskov False
    toponym Kiev  False
    """
    unknown = set(measures) - set(MEASURES)
    if unknown:
        raise ValueError(f"unknown measure(s) {sorted(unknown)}; choose from {', '.join(MEASURES)}.")
    compiled = compile_once(_compile, lexicon)
    lexicon_measures = [m for m in measures if m in _SECTIONS.values()]
    quote_measures = [m for m in measures if m in ("quotation", "scare_quote")]
    rows = []
    for doc_id, text in zip(documents["doc_id"].tolist(), documents["text"].tolist()):
        index = text_index(text)
        hits = _lexicon_hits(text, compiled, lexicon_measures) if lexicon_measures else {}
        speakers: dict = {}  # verb start -> _speaker_before, for this document
        found = {measure: _hit_rows(doc_id, index, measure, h, compiled, speakers) for measure, h in hits.items()}
        if quote_measures:
            found.update(_quote_rows(doc_id, index, compiled, speakers))
        rows += _unify_speakers([row for measure in measures for row in found[measure]])
    return make_evidence(rows)


def _unify_speakers(rows: list[tuple]) -> list[tuple]:
    # News names a person in full once, then by surname ("Dmitry Peskov" ...
    # "Peskov"): within one document a one-word speaker takes the full name
    # when exactly one full name ends with it.
    speakers = {r[-2] for r in rows if r[1] in ("attribution", "quotation") and r[-2]}
    if all(" " in name for name in speakers) or all(" " not in name for name in speakers):
        return rows  # no one-word speaker, or no full name for one to take
    full = {}
    for name in speakers:
        if " " in name:
            full.setdefault(name.rsplit(" ", 1)[1], set()).add(name)
    out = []
    for r in rows:
        if r[1] in ("attribution", "quotation") and r[-2] and " " not in r[-2] and len(full.get(r[-2], ())) == 1:
            r = (*r[:-2], next(iter(full[r[-2]])), r[-1])
        out.append(r)
    return out


def find_toponyms(documents: pd.DataFrame, lexicon: dict) -> pd.DataFrame:
    """One evidence row per toponym match: :func:`find_framing` for the ``toponym`` measure.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kiev said. The Kyiv Post wrote from Kyiv."]})
    >>> find_toponyms(docs, read_framing_lexicon())[["variant", "start"]].values.tolist()
    [['Kiev', 0], ['Kyiv', 36]]
    """
    return find_framing(documents, lexicon, measures=("toponym",))


# --------------------------------------------------------------------------
# Tables: group-bys of the evidence
# --------------------------------------------------------------------------

def _words(documents: pd.DataFrame) -> pd.Series:
    # The one word count (tokenize.count_words); taken from the documents
    # table when the pipeline has already computed it.
    if "words" in documents:
        return pd.Series(documents["words"].to_numpy(), index=documents["doc_id"]).astype("int64")
    return pd.Series([count_words(t) for t in documents["text"]], index=documents["doc_id"], dtype="int64")


def _lexicon_keys(lexicon: dict) -> list[tuple[str, str, str]]:
    return [(measure, group, variant) for section, measure in _SECTIONS.items()
            for group, spec in (lexicon.get(section) or {}).items() for variant in spec["variants"]]


def count_framing(evidence: pd.DataFrame, documents: pd.DataFrame, lexicon: dict | None = None) -> pd.DataFrame:
    """Hits per document, measure, group and variant, with rates per 1,000 words.

    Parameters
    ----------
    evidence : pandas.DataFrame
        From :func:`find_framing`.
    documents : pandas.DataFrame
        With ``doc_id`` (and ``words`` or ``text``).
    lexicon : dict, optional
        With it, every lexicon variant gets a row in every document (zeros
        included); without it, every (measure, group, variant) seen in the
        evidence does.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, measure, group, variant, count, negated, words, per_1k``:
        ``count`` is the rows with ``negated`` False, ``negated`` the rows
        with it True; ``per_1k = 1000 * count / words`` (NA for a document
        without words).

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kiev, Kiev and Kyiv, not a war."]})
    >>> lex = read_framing_lexicon()
    >>> table = count_framing(find_framing(docs, lex), docs, lex)
    >>> table[table["group"].isin(["kyiv", "event"]) & (table["count"] + table["negated"] > 0)].values.tolist()
    [['a', 'label', 'event', 'war', 0, 1, 7, 0.0], ['a', 'toponym', 'kyiv', 'Kiev', 2, 0, 7, 285.7142857142857], \
['a', 'toponym', 'kyiv', 'Kyiv', 1, 0, 7, 142.85714285714286]]
    """
    keys = _lexicon_keys(lexicon) if lexicon is not None else []
    keys += [k for k in evidence[["measure", "group", "variant"]].drop_duplicates().itertuples(index=False, name=None)
             if k not in set(keys)]
    keys = sorted(set(keys))
    words = _words(documents)
    index = pd.MultiIndex.from_tuples([(d, *k) for d in documents["doc_id"] for k in keys],
                                      names=["doc_id", "measure", "group", "variant"])
    by = ["doc_id", "measure", "group", "variant"]
    count = evidence[~evidence["negated"]].groupby(by).size().reindex(index, fill_value=0)
    negated = evidence[evidence["negated"]].groupby(by).size().reindex(index, fill_value=0)
    table = pd.DataFrame({"count": count.astype("int64"), "negated": negated.astype("int64")}).reset_index()
    table["words"] = table["doc_id"].map(words).astype("int64")
    table["per_1k"] = (1000 * table["count"] / table["words"]).where(table["words"] > 0)
    return table


def count_variants(evidence: pd.DataFrame, documents: pd.DataFrame, lexicon: dict,
                   measures=_SPELLING) -> pd.DataFrame:
    """Mentions per document, group and variant of the spelling measures (zeros included).

    Returns ``doc_id, measure, group, variant, mentions``, a group-by of the
    evidence rows whose ``measure`` is in ``measures``.

    Examples
    --------
    >>> lex = read_framing_lexicon()
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kiev and Kyiv; Zelensky."]})
    >>> t = count_variants(find_framing(docs, lex), docs, lex)
    >>> t[t["mentions"] > 0][["group", "variant", "mentions"]].values.tolist()
    [['kyiv', 'Kyiv', 1], ['kyiv', 'Kiev', 1], ['zelenskyy', 'Zelensky', 1]]
    """
    keys = _spelling_keys(lexicon, measures)
    found = _variant_mentions(evidence, measures)
    doc_ids = documents["doc_id"].tolist()
    mentions = [found.get((d, *key), 0) for d in doc_ids for key in keys]
    return pd.DataFrame({"doc_id": _labels([d for d in doc_ids for _ in keys]),
                         **{name: _labels([key[i] for _ in doc_ids for key in keys])
                            for i, name in enumerate(("measure", "group", "variant"))},
                         "mentions": np.array(mentions, dtype="int64")})


def _labels(values: list, empty: str = "object") -> list | pd.Series:
    # A column of labels; with no rows, of the dtype pandas' group-by gives it.
    return values if values else pd.Series([], dtype=empty)


def _spelling_keys(lexicon: dict, measures) -> list[tuple[str, str, str]]:
    # (measure, group, variant) of the lexicon's sections for ``measures``, in lexicon order.
    return [key for key in _lexicon_keys(lexicon) if key[0] in measures]


def _variant_mentions(evidence: pd.DataFrame, measures) -> Counter:
    # Rows per (doc_id, measure, group, variant): the group-by behind the
    # spelling tables, counted in Python (a batch holds a few hundred rows,
    # where pandas' group-by and reindex cost more than the counting).
    measures = set(measures)
    return Counter(key for key in zip(*_evidence_lists(evidence, ("doc_id", "measure", "group", "variant")))
                   if key[1] in measures)


def _evidence_lists(evidence: pd.DataFrame, columns) -> list[list]:
    # Columns of the evidence as Python lists: a batch's tables are sums over
    # a few thousand rows, cheaper in plain Python than in pandas' filters
    # and group-bys (and a column's ``tolist`` is much cheaper than iterating
    # over its string array).
    return [evidence[c].tolist() for c in columns]


def _document_table(documents: pd.DataFrame, columns: dict) -> pd.DataFrame:
    # A per-document table in the documents' order, ``doc_id`` first (with
    # the documents' dtype, as a reindex on documents["doc_id"] gives it).
    return pd.DataFrame({"doc_id": documents["doc_id"].reset_index(drop=True), **columns})


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    # part / whole, NA where whole is 0 (pandas' (part / whole).where(whole > 0)).
    share = np.full(len(whole), np.nan)
    np.divide(part, whole, out=share, where=whole > 0)
    return share


def score_variant_shares(evidence: pd.DataFrame, documents: pd.DataFrame, lexicon: dict,
                         measures=None) -> pd.DataFrame:
    """Share of the preferred variant per document and group, with the mentions behind it.

    Works for toponyms (Kyiv share = Kyiv / (Kyiv + Kiev)) and
    transliterations (Zelenskyy share).  A document with no mention of the
    group gets an empty (NA) share, not 0.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, group, preferred, preferred_mentions, mentions, share, measure``.

    Examples
    --------
    >>> lex = read_framing_lexicon()
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kiev, Kiev and Kyiv."]})
    >>> row = score_variant_shares(find_toponyms(docs, lex), docs, lex).iloc[0]
    >>> int(row["preferred_mentions"]), int(row["mentions"]), round(float(row["share"]), 4)
    (1, 3, 0.3333)
    """
    if measures is None:
        measures = tuple(m for m in _SPELLING if (evidence["measure"] == m).any()) or ("toponym",)
    keys = _spelling_keys(lexicon, measures)
    found = _variant_mentions(evidence, measures)
    preferred = {g: spec["preferred"] for s, m in _SECTIONS.items() if m in measures
                 for g, spec in (lexicon.get(s) or {}).items()}
    groups = list(dict.fromkeys((measure, group) for measure, group, _ in keys))
    # One row per document and group (a document listed twice counts twice,
    # in one row, as a group-by of count_variants would).
    copies = Counter(documents["doc_id"].tolist())
    # Mentions per (document, measure, group), summed over the rows found
    # rather than over every variant of every group of every document.
    counted = set(keys)
    mentions_of: Counter = Counter()
    for (d, m, g, v), n in found.items():
        if (m, g, v) in counted:
            mentions_of[d, m, g] += n
    rows = [(d, m, g, copies[d] * found.get((d, m, g, preferred[g]), 0), copies[d] * mentions_of.get((d, m, g), 0))
            for d in copies for m, g in groups]
    doc_ids, measure, group, preferred_mentions, mentions = (list(c) for c in zip(*rows)) if rows else [[]] * 5
    preferred_mentions = np.array(preferred_mentions, dtype="int64")
    mentions = np.array(mentions, dtype="int64")
    share = np.full(len(mentions), np.nan)
    np.divide(preferred_mentions, mentions, out=share, where=mentions > 0)
    return pd.DataFrame({"doc_id": _labels(doc_ids), "group": _labels(group),
                         "preferred": _labels([preferred[g] for g in group], "str"),
                         "preferred_mentions": preferred_mentions, "mentions": mentions, "share": share,
                         "measure": _labels(measure)})


def score_group_shares(shares: pd.DataFrame, documents: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Pool per-document shares into one share per group (e.g. outlet): a group-by of the per-document table.

    The pooled share is the group's preferred mentions over all its mentions,
    so a document that mentions the place often weighs more than one that
    mentions it once.  ``documents`` and ``mentions`` say how much lies behind it.

    Examples
    --------
    >>> shares = pd.DataFrame({"doc_id": ["a", "b"], "group": ["kyiv", "kyiv"], "preferred": ["Kyiv", "Kyiv"],
    ...                        "preferred_mentions": [1, 2], "mentions": [3, 2], "share": [1 / 3, 1.0]})
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"]})
    >>> row = score_group_shares(shares, docs).iloc[0]
    >>> int(row["documents"]), int(row["mentions"]), float(row["share"])
    (2, 5, 0.6)
    """
    table = shares.merge(documents[["doc_id", by]], on="doc_id", how="left")
    keys = [by, "measure", "group", "preferred"] if "measure" in table else [by, "group", "preferred"]
    pooled = table.groupby(keys, sort=True).agg(
        documents=("doc_id", "nunique"), preferred_mentions=("preferred_mentions", "sum"),
        mentions=("mentions", "sum")).reset_index()
    pooled["share"] = (pooled["preferred_mentions"] / pooled["mentions"]).where(pooled["mentions"] > 0)
    return pooled


def score_spelling_consistency(evidence: pd.DataFrame) -> pd.DataFrame:
    """Which spellings each document uses for each place or person, and whether it keeps to one.

    Returns
    -------
    pandas.DataFrame
        One row per document and group mentioned at least once:
        ``doc_id, measure, group, variants`` (the spellings used, most
        frequent first, joined by ``|``), ``n_variants, mentions, main_variant,
        consistent`` (True when one spelling is used throughout).

    Examples
    --------
    >>> lex = read_framing_lexicon()
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Zelensky met Erdogan. Zelenskyy, Zelensky."]})
    >>> score_spelling_consistency(find_framing(docs, lex)).values.tolist()
    [['a', 'transliteration', 'erdogan', 'Erdogan', 1, 1, 'Erdogan', True], \
['a', 'transliteration', 'zelenskyy', 'Zelensky|Zelenskyy', 2, 3, 'Zelensky', False]]
    """
    hits = evidence[evidence["measure"].isin(_SPELLING)]
    counts = hits.groupby(["doc_id", "measure", "group", "variant"]).size().rename("n").reset_index()
    counts = counts.sort_values(["doc_id", "measure", "group", "n", "variant"],
                                ascending=[True, True, True, False, True], kind="stable")
    rows = []
    for (doc_id, measure, group), part in counts.groupby(["doc_id", "measure", "group"], sort=True):
        variants = part["variant"].tolist()
        rows.append((doc_id, measure, group, "|".join(variants), len(variants), int(part["n"].sum()),
                     variants[0], len(variants) == 1))
    return pd.DataFrame(rows, columns=["doc_id", "measure", "group", "variants", "n_variants", "mentions",
                                       "main_variant", "consistent"])


def _pool(table: pd.DataFrame, documents: pd.DataFrame, by: str, sums: list[str]) -> pd.DataFrame:
    merged = table.merge(documents[["doc_id", by]], on="doc_id", how="left")
    pooled = merged.groupby(by, sort=True).agg(documents=("doc_id", "nunique"),
                                               **{c: (c, "sum") for c in sums}).reset_index()
    return pooled


def score_attribution(evidence: pd.DataFrame, documents: pd.DataFrame, by: str | None = None,
                      classes=("neutral", "distancing", "concessive", "emotive")) -> pd.DataFrame:
    """Attribution verbs per document in stance classes, and the share that is not neutral.

    Only the journalist's own verbs count (``voice == 'journalist'``): a verb
    inside a quotation is the speaker's wording, not the outlet's framing.

    Parameters
    ----------
    evidence, documents : pandas.DataFrame
        From :func:`find_framing`; the documents table.
    by : str, optional
        A documents column (e.g. ``outlet``) to pool by: sums of the
        per-document counts, and the share recomputed from them.
    classes : sequence of str
        Stance classes (attribution groups) to give a column each; any other
        class found in the evidence is added after them.

    Returns
    -------
    pandas.DataFrame
        ``doc_id`` (or ``by`` and ``documents``), ``attributions,
        non_neutral, non_neutral_share`` (NA without attributions) and one
        count column per stance class.

    Examples
    --------
    >>> lex = read_framing_lexicon()
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Kyiv said yes. Moscow claimed no. Putin scoffed."]})
    >>> score_attribution(find_framing(docs, lex), docs).values.tolist()
    [['a', 3, 2, 0.6666666666666666, 1, 1, 0, 1]]
    """
    if by is None and len(set(classes)) == len(classes):
        # The same table, counted in Python (see _evidence_lists).
        columns = _evidence_lists(evidence, ("doc_id", "measure", "voice", "group"))
        found = Counter((d, g) for d, m, v, g in zip(*columns) if m == "attribution" and v == "journalist")
        classes = list(classes) + sorted({g for _, g in found} - set(classes))
        doc_ids = documents["doc_id"].tolist()
        counts = {c: np.array([found.get((d, c), 0) for d in doc_ids], dtype="int64") for c in classes}
        attributions = np.sum([counts[c] for c in classes], axis=0, dtype="int64") if classes \
            else np.zeros(len(doc_ids), dtype="int64")
        non_neutral = attributions - counts["neutral"]
        return _document_table(documents, {"attributions": attributions, "non_neutral": non_neutral,
                                           "non_neutral_share": _share(non_neutral, attributions), **counts})
    hits = evidence[(evidence["measure"] == "attribution") & (evidence["voice"] == "journalist")]
    classes = list(classes) + sorted(set(hits["group"]) - set(classes))
    table = hits.groupby(["doc_id", "group"]).size().unstack(fill_value=0) \
        .reindex(index=documents["doc_id"], columns=classes, fill_value=0).astype("int64")
    table = table.rename_axis(index="doc_id", columns=None).reset_index()
    table["attributions"] = table[classes].sum(axis=1).astype("int64")
    table["non_neutral"] = (table["attributions"] - table["neutral"]).astype("int64")
    if by is not None:
        table = _pool(table, documents, by, ["attributions", "non_neutral", *classes])
    table["non_neutral_share"] = (table["non_neutral"] / table["attributions"]).where(table["attributions"] > 0)
    first = [by, "documents"] if by is not None else ["doc_id"]
    return table[[*first, "attributions", "non_neutral", "non_neutral_share", *classes]]


def score_quotations(documents: pd.DataFrame, evidence: pd.DataFrame | None = None,
                     lexicon: dict | None = None, by: str | None = None) -> pd.DataFrame:
    """Share of words inside direct quotation marks, and counts of quotations and scare quotes.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id``, ``text`` (and ``words``).
    evidence : pandas.DataFrame, optional
        From :func:`find_framing`; found here (quotation measures only) when
        not given.
    lexicon : dict, optional
        Used only when ``evidence`` is not given (default: shipped lexicon).
    by : str, optional
        A documents column to pool by (sums, share recomputed).

    Returns
    -------
    pandas.DataFrame
        ``doc_id`` (or ``by`` and ``documents``), ``words, quoted_words,
        quoted_share, quotes, attributed_quotes, scare_quotes``.
        ``quoted_words`` is the :func:`~corpus_analysis.tokenize.count_words`
        of every ``quotation`` and ``scare_quote`` row's ``matched`` text;
        ``attributed_quotes`` counts quotations with a named speaker.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ['"We will win this," Peskov said of the "operation".']})
    >>> score_quotations(docs).values.tolist()
    [['a', 9, 5, 0.5555555555555556, 1, 1, 1]]
    """
    if evidence is None:
        evidence = find_framing(documents, lexicon or read_framing_lexicon(), measures=("quotation", "scare_quote"))
    if by is None and documents["doc_id"].is_unique:
        # The same table, summed in Python (see _evidence_lists).
        sums: dict = {}
        for d, m, matched, target in zip(*_evidence_lists(evidence, ("doc_id", "measure", "matched", "target"))):
            if m == "quotation" or m == "scare_quote":
                row = sums.setdefault(d, [0, 0, 0, 0])
                row[0] += count_words(matched)
                if m == "quotation":
                    row[1] += 1
                    row[2] += target != ""
                else:
                    row[3] += 1
        empty = (0, 0, 0, 0)
        found = np.array([sums.get(d, empty) for d in documents["doc_id"].tolist()], dtype="int64").reshape(-1, 4)
        words = _words(documents).to_numpy()
        return _document_table(documents, {"words": words, "quoted_words": found[:, 0],
                                           "quoted_share": _share(found[:, 0], words), "quotes": found[:, 1],
                                           "attributed_quotes": found[:, 2], "scare_quotes": found[:, 3]})
    hits = evidence[evidence["measure"].isin(["quotation", "scare_quote"])].copy()
    hits["quoted_words"] = hits["matched"].map(count_words).astype("int64")
    hits["quotes"] = (hits["measure"] == "quotation").astype("int64")
    hits["attributed_quotes"] = ((hits["measure"] == "quotation") & (hits["target"] != "")).astype("int64")
    hits["scare_quotes"] = (hits["measure"] == "scare_quote").astype("int64")
    sums = ["quoted_words", "quotes", "attributed_quotes", "scare_quotes"]
    table = hits.groupby("doc_id")[sums].sum().reindex(documents["doc_id"], fill_value=0).astype("int64")
    table = table.rename_axis(index="doc_id").reset_index()
    table.insert(1, "words", table["doc_id"].map(_words(documents)).astype("int64"))
    if by is not None:
        table = _pool(table, documents, by, ["words", *sums])
    table["quoted_share"] = (table["quoted_words"] / table["words"]).where(table["words"] > 0)
    first = [by, "documents"] if by is not None else ["doc_id"]
    return table[[*first, "words", "quoted_words", "quoted_share", "quotes", "attributed_quotes", "scare_quotes"]]


# --------------------------------------------------------------------------
# Keyword in context
# --------------------------------------------------------------------------

def _lexicon_group(lexicon: dict, name: str) -> tuple[str, str] | None:
    measure_hint, _, group_name = name.rpartition(":")
    for section, measure in _SECTIONS.items():
        if measure_hint and measure_hint not in (measure, section):
            continue
        if group_name in (lexicon.get(section) or {}):
            return measure, group_name
    if not measure_hint and name in ("quotation", "scare_quote"):
        return name, ""
    return None


def kwic(documents: pd.DataFrame, term_or_group: str, lexicon: dict | None = None,
         window: int = 60) -> pd.DataFrame:
    """Keyword in context: every occurrence of a term, or every hit of a lexicon group.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id`` and ``text``.
    term_or_group : str
        A lexicon group name (``"kyiv"``, ``"event"``, ``"distancing"``;
        ``"label:event"`` when a name is in several sections), a measure
        without groups (``"quotation"``, ``"scare_quote"``), or any word or
        phrase.  A term is matched as a whole word or phrase; in lower case
        it matches any case, with a capital it matches only as written
        (``"Turkey"`` skips "turkey").
    lexicon : dict, optional
        Needed to look up a group; without it the argument is a term.
    window : int
        Characters of context on each side.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, group, variant, left, matched, right, start, end, sentence``
        (with ``target`` and ``negated`` for lexicon groups), one row per hit.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Talks in Istanbul. A cease-fire held in Istanbul."]})
    >>> kwic(docs, "istanbul", window=10)[["left", "matched", "right"]].values.tolist()
    [['Talks in ', 'Istanbul', '. A cease-'], ['e held in ', 'Istanbul', '.']]
    """
    found = _lexicon_group(lexicon, term_or_group) if lexicon is not None else None
    rows = []
    if found is not None:
        measure, group = found
        compiled = compile_once(_compile, lexicon)
        for doc_id, text in zip(documents["doc_id"], documents["text"]):
            index = text_index(text)
            for row in _measure_rows(doc_id, index, measure, compiled):
                if not group or row[2] == group:
                    rows.append(index.row(*row[:4], row[5], row[6], row[-2], row[-1], window=window))
        columns = ["doc_id", "group", "variant", "left", "matched", "right", "start", "end", "sentence",
                   "target", "negated"]
        return make_evidence(rows)[columns]
    if not term_or_group.strip():
        raise ValueError("kwic: give a term or a lexicon group name.")
    flags = 0 if any(c.isupper() for c in term_or_group) else re.IGNORECASE
    body = re.escape(term_or_group.strip()).replace(r"\ ", r"\s+")
    pattern = re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])", flags)
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        index = None
        for m in pattern.finditer(text):
            index = index or text_index(text)
            rows.append(index.row(doc_id, "kwic", term_or_group, term_or_group, m.start(), m.end(), window=window))
    return make_evidence(rows)[["doc_id", "group", "variant", "left", "matched", "right", "start", "end",
                                 "sentence"]]

