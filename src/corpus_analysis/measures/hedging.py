"""Hedging and stance: hedges, boosters, approximators and attribution, by voice.

The categories follow interactional metadiscourse (Hyland 2005, *Metadiscourse*),
with hedges split into relational and propositional (Prokofieva & Hirschberg
2014, "Hedging and speaker commitment"; Prince, Frader & Bosk 1982).  The
lexicon is data (``lexicons/hedging.yaml``), each entry with a rationale and a
source; the disambiguation rules it names are defined here and documented in
docs/readability_hedging.md.

Counts are never computed apart from the evidence: :func:`find_hedges` returns
one row per hit in the shared evidence table (measure ``'hedging'``, group =
category, variant = entry, voice = journalist or quoted), and the rate tables
are group-bys of it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..lexicon import (LexiconError, PhraseStarts, compile_once, default_lexicon_path, load_yaml, phrase_finditer,
                       phrase_starts, trie_regex)
from ..tokenize import count_words, split_sentences
from .evidence import TextIndex, count_token_words, make_evidence, text_index

__all__ = ["MEASURE", "VOICES", "HEDGE_FAMILY", "read_hedging_lexicon", "find_hedges",
           "count_voice_words", "rate_hedges", "rate_group_hedges", "score_hedging_by_sentence"]

MEASURE = "hedging"
VOICES = ("journalist", "quoted", "all")
# The two hedge categories together, reported as one more category in the rate tables.
HEDGE_FAMILY = {"hedge": ("hedge_relational", "hedge_propositional")}

_RULE_WORD_LISTS = ("negators", "quantity_words", "determiners", "ability_verbs", "ability_adverbs",
                    "linking_verbs", "predicative_modifiers")
_WORD = re.compile(r"[\w'’]+")
_CLAUSE_BREAK = re.compile(r"[,;:.!?()\[\]“”\"—–]")


def _normal(form: str) -> str:
    return " ".join(form.replace("’", "'").lower().split())


# ---------------------------------------------------------------- lexicon

def read_hedging_lexicon(path: str | Path | None = None) -> dict:
    """Read and validate the hedging lexicon (default: the one shipped with the package).

    Parameters
    ----------
    path : str or Path, optional
        A YAML file with ``categories``, ``rule_words`` and ``entries``.

    Returns
    -------
    dict
        The lexicon as read, each entry's ``forms`` filled in (default: its name).

    Examples
    --------
    >>> lex = read_hedging_lexicon()
    >>> sorted(lex["categories"])
    ['approximator', 'attribution', 'booster', 'hedge_propositional', 'hedge_relational']
    >>> lex["entries"]["approximator"]["about"]["rule"]
    'before_quantity'
    """
    path = Path(path) if path else default_lexicon_path("hedging")
    data = load_yaml(path)
    categories = data.get("categories")
    if not isinstance(categories, dict) or not categories:
        raise LexiconError(f"{path}: no 'categories' section. Add one block per category "
                           "with a description and a source.")
    for name, spec in categories.items():
        if not isinstance(spec, dict) or not all(isinstance(spec.get(k), str) and spec[k].strip()
                                                 for k in ("description", "source")):
            raise LexiconError(f"{path}: categories.{name}: needs a 'description' and a 'source'.")
        negated = spec.get("negated_category")
        if negated is not None and (not isinstance(negated, str) or negated in categories):
            raise LexiconError(f"{path}: categories.{name}.negated_category: must be a new category "
                               f"name, not one of {', '.join(categories)}.")
    words = data.get("rule_words")
    if not isinstance(words, dict):
        raise LexiconError(f"{path}: no 'rule_words' section. The rules need the word lists "
                           f"{', '.join(_RULE_WORD_LISTS)}.")
    for key in _RULE_WORD_LISTS:
        value = words.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(w, (str, int)) for w in value):
            raise LexiconError(f"{path}: rule_words.{key}: must be a non-empty list of words.")
    entries = data.get("entries")
    if not isinstance(entries, dict) or not entries:
        raise LexiconError(f"{path}: no 'entries' section. List entries under their category.")
    for category, group in entries.items():
        if category not in categories:
            raise LexiconError(f"{path}: entries.{category}: not a declared category "
                               f"({', '.join(categories)}). Declare it under 'categories'.")
        if not isinstance(group, dict) or not group:
            raise LexiconError(f"{path}: entries.{category}: expected a mapping of entries.")
        seen: dict[str, str] = {}
        for entry, spec in group.items():
            where = f"{path}: entries.{category}.{entry}"
            if not isinstance(spec, dict):
                raise LexiconError(f"{where}: expected a mapping with rationale and source.")
            for key in ("rationale", "source"):
                if not isinstance(spec.get(key), str) or not spec[key].strip():
                    raise LexiconError(f"{where}: missing '{key}'. Say why the entry is there "
                                       "and where it comes from.")
            forms = spec.setdefault("forms", [str(entry)])
            if not isinstance(forms, list) or not forms or not all(isinstance(f, str) and f.strip()
                                                                   for f in forms):
                raise LexiconError(f"{where}: 'forms' must be a non-empty list of phrases.")
            for form in forms:
                if _normal(form) in seen:
                    raise LexiconError(f"{where}: form '{form}' is already listed under "
                                       f"'{seen[_normal(form)]}' in {category}. Keep one.")
                seen[_normal(form)] = str(entry)
            rule = spec.get("rule")
            if rule is not None and rule not in _RULES:
                raise LexiconError(f"{where}: unknown rule '{rule}'. Known rules: "
                                   f"{', '.join(sorted(_RULES))}.")
    return data


@dataclass
class _Compiled:
    pattern: re.Pattern
    targets: dict[str, list[tuple[str, str, str | None]]]   # form -> (category, entry, rule)
    negated: dict[str, str]                                   # category -> negated category
    words: dict[str, frozenset[str]]
    quantity: re.Pattern
    # The same pattern without IGNORECASE, for lower-cased text (see finditer),
    # and what it matches characters with: a form's letters, \s, ['’], \w, -.
    lowercase_pattern: re.Pattern | None = None
    pieces: tuple[str, ...] = ()
    # Where the lexicon's forms may start in lower-cased text (see finditer).
    starts: PhraseStarts | None = None

    def finditer(self, text: str):
        """The matches of :attr:`pattern` in ``text`` (use their spans; read the words from ``text``).

        Case-insensitive matching makes the regex engine slow to reject a
        position, so the pattern runs case-sensitively on ``text.lower()`` when
        that provably gives the same spans: the lower-cased text has the same
        length, and each of its characters is matched by every piece of the
        pattern exactly as the original character is matched case-insensitively.
        ASCII characters are checked once per lexicon (in :func:`_compile`),
        others once per lexicon and character, with the regex engine itself.
        Otherwise (a dotted capital I, the long s, the Kelvin sign...) the
        case-insensitive pattern runs on ``text``.

        On lower-cased text, the pattern is tried only where a form may start
        (:class:`~corpus_analysis.lexicon.PhraseStarts`): the regex engine
        would try it at every position, and hits are a few per thousand words.
        """
        if self.lowercase_pattern is not None:
            lowered = text.lower()
            if len(lowered) == len(text) and all(_lowercase_safe(char, self.pieces)
                                                 for char in set(_NON_ASCII.findall(text))):
                return phrase_finditer(self.starts, self.lowercase_pattern, lowered)
        return self.pattern.finditer(text)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Python lower-cases a capital sigma to ς or σ depending on the letters around
# it; every other character has one lower case, whatever surrounds it.
_CONTEXT_LOWER = {"Σ": ("σ", "ς")}
# Pattern pieces -> character -> matched alike in lower case (see _Compiled.finditer).
_LOWERCASE_SAFE: dict[tuple[str, ...], dict[str, bool]] = {}


def _lowercase_safe(char: str, pieces: tuple[str, ...]) -> bool:
    """Whether each piece matches ``char`` case-insensitively exactly when it matches its lower case."""
    known = _LOWERCASE_SAFE.setdefault(pieces, {})
    safe = known.get(char)
    if safe is None:
        lowers = _CONTEXT_LOWER.get(char, (char.lower(),))
        safe = all(len(lower) == 1 for lower in lowers) and all(
            (re.fullmatch(piece, lower) is not None) == (re.fullmatch(piece, char, re.IGNORECASE) is not None)
            for piece in pieces for lower in lowers)
        known[char] = safe
    return safe


def _compile(lexicon: dict) -> _Compiled:
    targets: dict[str, list[tuple[str, str, str | None]]] = {}
    for category, group in lexicon["entries"].items():
        for entry, spec in group.items():
            for form in spec["forms"]:
                targets.setdefault(_normal(form), []).append((category, str(entry), spec.get("rule")))

    # One pattern for the whole lexicon, written as a trie so that the regex
    # engine does not try every form at every position.  At each node the longer
    # continuation is tried before stopping, so the longest form wins at a
    # position ("according to" over "to", "sources close to" over "close to").
    pattern = re.compile(rf"(?<![\w-]){_trie_regex(targets)}(?![\w]|-\w)", re.IGNORECASE)
    words = {key: frozenset(_normal(str(w)) for w in lexicon["rule_words"][key]) for key in _RULE_WORD_LISTS}
    quantity_words = sorted(words["quantity_words"], key=len, reverse=True)
    quantity = re.compile(r"\s+(?:(?:US|A|C|NZ|HK)?[$£€¥₹]\s?\d|\d|(?:"
                          + "|".join(r"\s+".join(map(re.escape, w.split())) for w in quantity_words)
                          + r")(?![\w]))", re.IGNORECASE)
    negated = {c: s["negated_category"] for c, s in lexicon["categories"].items() if s.get("negated_category")}
    compiled = _Compiled(pattern, targets, negated, words, quantity)
    # Everything the pattern matches a character with: the pieces of the forms
    # and the word-boundary classes around them.
    compiled.pieces = tuple(sorted({r"\s" if char == " " else _piece(char) for form in targets for char in form}
                                   | {r"\w", "-"}))
    if all(_lowercase_safe(chr(code), compiled.pieces) for code in range(128)):
        compiled.lowercase_pattern = re.compile(pattern.pattern)
        # The forms are lower case, a space matching any white space and "'"
        # matching "’" (neither a letter nor a digit), so a form matches where
        # it starts as the scan reads it; the look-behind (?<![\w-]) rules out
        # a letter or digit before it, and the look-ahead one after it.
        compiled.starts = phrase_starts(targets)
    return compiled


def _piece(char: str) -> str:
    # A space in a form matches any whitespace; ' matches ’ too.
    return r"\s+" if char == " " else "['’]" if char == "'" else re.escape(char)


def _trie_regex(forms) -> str:
    return "(?:" + trie_regex(forms, _piece) + ")"


# ---------------------------------------------------------------- rules

@dataclass
class _Hit:
    text: str
    start: int
    end: int
    sentence_start: int

    def words_before(self, n: int) -> list[str]:
        """Up to ``n`` lower-cased words before the hit, within its sentence and clause."""
        before = self.text[self.sentence_start:self.start]
        breaks = list(_CLAUSE_BREAK.finditer(before))
        if breaks:
            before = before[breaks[-1].end():]
        return [w.lower().replace("’", "'") for w in _WORD.findall(before)[-n:]]

    def words_after(self, n: int) -> list[str]:
        after = self.text[self.end:self.end + 80]
        stop = _CLAUSE_BREAK.search(after)
        if stop:
            after = after[:stop.start()]
        return [w.lower().replace("’", "'") for w in _WORD.findall(after)[:n]]

    def at_sentence_start(self) -> bool:
        # Nothing but quotation marks, brackets or spaces since the sentence (or a
        # quotation, or a colon) began.
        before = self.text[self.sentence_start:self.start]
        if not re.search(r"\w", before):
            return True
        return bool(re.search(r"(?:[“‘(:]|(?:^|\s)[\"'])\s*$", before))


def _is_negator(word: str, words: dict) -> bool:
    return word in words["negators"] or word.endswith("n't")


def _modal_may(hit: _Hit, c: _Compiled) -> bool:
    """'may' is the modal; 'May' the month (or a surname) is not a hedge.

    Lower-case "may" is the modal.  Capitalised "May" inside a sentence is the
    month or a name ("on May 5", "Theresa May").  At the start of a sentence
    "May" is the month when a number follows ("May 5 was chosen"), else the modal.
    """
    matched = hit.text[hit.start:hit.end]
    if matched == "may":
        return True
    if not hit.at_sentence_start():
        return False
    return not re.match(r"\s*,?\s*\d", hit.text[hit.end:hit.end + 8])


def _modal_not_noun(hit: _Hit, c: _Compiled) -> bool:
    """'might' is the modal unless a determiner precedes it or 'of' follows ('its military might')."""
    before = hit.words_before(1)
    return not ((before and before[-1] in c.words["determiners"]) or hit.words_after(1) == ["of"])


def _not_past_ability(hit: _Hit, c: _Compiled) -> bool:
    """'could' is a hedge unless negated or followed by an ability/perception verb.

    "could not be reached", "could never", "could hear", "could only remember"
    report (in)ability in the past (Coates 1983 ch. 5), not the writer's doubt.
    """
    after = hit.words_after(3)
    if not after:
        return True
    if _is_negator(after[0], c.words):
        return False
    while after and after[0] in c.words["ability_adverbs"]:
        after = after[1:]
    return not (after and after[0] in c.words["ability_verbs"])


def _before_quantity(hit: _Hit, c: _Compiled) -> bool:
    """Approximators count only directly before a quantity: a digit, a currency sign, a number word."""
    return bool(c.quantity.match(hit.text, hit.end))


def _not_rather_than(hit: _Hit, c: _Compiled) -> bool:
    """'rather' hedges ('rather weak') but not in 'rather than' or 'would rather' (preference)."""
    before = hit.words_before(1)
    if before and before[-1] in ("would", "i'd", "we'd", "they'd", "he'd", "she'd", "you'd"):
        return False
    return hit.words_after(1) != ["than"]


def _not_type_noun(hit: _Hit, c: _Compiled) -> bool:
    """'kind of' / 'sort of' hedge unless a determiner makes them a type noun ('this kind of attack')."""
    before = hit.words_before(1)
    return not (before and before[-1] in c.words["determiners"])


def _predicative(hit: _Hit, c: _Compiled) -> bool:
    """'certain' / 'sure' boost only after a linking verb ('is certain', "isn't entirely sure").

    "certain conditions" (a determiner) and "make sure" are not boosters.
    """
    for word in reversed(hit.words_before(4)):
        base = word[:-3] if word.endswith("n't") else word      # "isn't" -> "is"
        suffix = "'" + base.rsplit("'", 1)[1] if "'" in base else None
        if base in c.words["linking_verbs"] or suffix in c.words["linking_verbs"]:
            return True
        if word not in c.words["predicative_modifiers"] and not _is_negator(word, c.words):
            return False
    return False


_RULES = {"modal_may": _modal_may, "modal_not_noun": _modal_not_noun,
          "not_past_ability": _not_past_ability, "before_quantity": _before_quantity,
          "not_rather_than": _not_rather_than, "not_type_noun": _not_type_noun,
          "predicative": _predicative}


def _negated(hit: _Hit, c: _Compiled) -> bool:
    """A negator up to three words before the hit, in the same clause ('not certain', "isn't clearly")."""
    return any(_is_negator(w, c.words) for w in hit.words_before(3))


# ---------------------------------------------------------------- evidence

def find_hedges(documents: pd.DataFrame, lexicon: dict | None = None) -> pd.DataFrame:
    """One evidence row per hedging hit in each document's cleaned ``text``.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id`` and ``text``.
    lexicon : dict, optional
        From :func:`read_hedging_lexicon`; default: the shipped lexicon.

    Returns
    -------
    pandas.DataFrame
        The evidence table (:data:`evidence.EVIDENCE_COLUMNS`) with
        ``measure='hedging'``, ``group`` the category (``booster_negated`` for a
        negated booster), ``variant`` the lexicon entry, ``matched`` the text as
        written and ``voice`` 'journalist' or 'quoted'.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ['Talks may resume in May. "It is clearly over," he said.']})
    >>> find_hedges(docs)[["group", "variant", "matched", "voice"]].values.tolist()
    [['hedge_relational', 'may', 'may', 'journalist'], ['booster', 'clearly', 'clearly', 'quoted']]
    """
    compiled = compile_once(_compile, lexicon if lexicon is not None else read_hedging_lexicon())
    rows = []
    normal: dict[str, str] = {}  # matched text -> its lexicon form (_normal), for this call
    for doc_id, text in zip(documents["doc_id"].tolist(), documents["text"].tolist()):
        index = text_index(text)
        starts = index.sentence_starts
        for m in compiled.finditer(text):
            at = bisect.bisect_right(starts, m.start()) - 1
            hit = _Hit(text, m.start(), m.end(), starts[at] if at >= 0 else 0)
            negated = None
            matched = text[m.start():m.end()]
            form = normal.get(matched)
            if form is None:
                form = normal[matched] = _normal(matched)
            for category, entry, rule in compiled.targets[form]:
                if rule is not None and not _RULES[rule](hit, compiled):
                    continue
                if category in compiled.negated:
                    if negated is None:
                        negated = _negated(hit, compiled)
                    if negated:
                        category = compiled.negated[category]
                rows.append(index.row(doc_id, MEASURE, category, entry, m.start(), m.end()))
    return make_evidence(rows)


# ---------------------------------------------------------------- rates

def count_voice_words(text: str) -> tuple[int, int]:
    """Words in the journalist's voice and inside direct quotations.

    Each is ``tokenize.count_words`` over its spans: the quotations found by
    ``tokenize.find_quotes`` (the same spans that set an evidence row's voice),
    and the text between them.

    Examples
    --------
    >>> count_voice_words('He said "we may agree soon" on Monday.')
    (4, 4)
    """
    index = text_index(text)
    if not index.quotes:
        return index.word_count, 0
    # A quotation's span lies between two quotation marks (or ends at its
    # paragraph's end), and no word holds a quotation mark or a line break, so
    # no word straddles a span's edge: the journalist's words are the text's
    # words less those inside the (merged) quotations.
    # Each span's words counted from its whitespace tokens (count_token_words).
    quoted = sum(count_token_words(text[start:end].split())
                 for start, end in _merged(sorted((q.start, q.end) for q in index.quotes)))
    return index.word_count - quoted, quoted


def _merged(spans: list[tuple[int, int]]) -> list[list[int]]:
    """Sorted spans with overlapping ones joined."""
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def _categories(lexicon: dict) -> list[str]:
    names = list(lexicon["categories"])
    names += [s["negated_category"] for s in lexicon["categories"].values() if s.get("negated_category")]
    names += [family for family, members in HEDGE_FAMILY.items() if all(m in names for m in members)]
    return names


def rate_hedges(evidence: pd.DataFrame, documents: pd.DataFrame, lexicon: dict | None = None) -> pd.DataFrame:
    """Hits and rates per 1,000 words per document, category and voice.

    Parameters
    ----------
    evidence : pandas.DataFrame
        From :func:`find_hedges` (rows of other measures are ignored).
    documents : pandas.DataFrame
        With ``doc_id`` and ``text``.
    lexicon : dict, optional
        Gives the categories (default: the shipped lexicon).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, category, voice, hits, words, per_1k``: one row per document,
        category (the lexicon's, the negated-booster category, and ``hedge`` =
        relational + propositional) and voice (``journalist``, ``quoted``,
        ``all``).  ``words`` is the word count of that voice
        (:func:`count_voice_words`; ``all`` is their sum); ``per_1k`` is
        ``hits / words * 1000``, empty (NA) when the voice has no words.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ['Prices may rise. "We will certainly win," he said.']})
    >>> rates = rate_hedges(find_hedges(docs), docs)
    >>> rates.query("category == 'booster'")[["voice", "hits", "words", "per_1k"]].round(2).values.tolist()
    [['journalist', 0, 5, 0.0], ['quoted', 1, 4, 250.0], ['all', 1, 9, 111.11]]
    """
    lexicon = lexicon if lexicon is not None else read_hedging_lexicon()
    categories = _categories(lexicon)
    doc_ids = documents["doc_id"].tolist()
    words = {doc_id: count_voice_words(text) for doc_id, text in zip(doc_ids, documents["text"].tolist())}
    # Hits per (document, category, voice), counted in Python: a batch's few
    # thousand hits cost less to count in a dict than pandas' concat,
    # group-by and reindex.  A hedge hit counts for its group and for its
    # family ('hedge'), and for its voice and for 'all'.
    families = {m: f for f, members in HEDGE_FAMILY.items() for m in members}
    counts: dict[tuple, int] = {}
    for doc_id, measure, group, voice in zip(*(evidence[c].tolist() for c in ("doc_id", "measure", "group",
                                                                              "voice"))):
        if measure != MEASURE:
            continue
        for category in (group, families[group]) if group in families else (group,):
            for key in ((doc_id, category, voice), (doc_id, category, "all")):
                counts[key] = counts.get(key, 0) + 1
    # The rows: per document, per category, per voice.
    hits = np.array([counts.get((d, c, v), 0) for d in doc_ids for c in categories for v in VOICES], dtype="int64")
    per_document = np.array([(outside, quoted, outside + quoted) for outside, quoted in map(words.get, doc_ids)],
                            dtype="int64")
    word_counts = np.repeat(per_document.reshape(-1, 1, len(VOICES)), len(categories), axis=1).reshape(-1)
    per_1k = np.full(len(hits), np.nan)
    np.divide(hits, word_counts, out=per_1k, where=word_counts > 0)
    per_1k *= 1000
    return pd.DataFrame({"doc_id": pd.Index(doc_ids).repeat(len(categories) * len(VOICES)),
                         "category": np.tile(np.repeat(np.array(categories, dtype=object), len(VOICES)),
                                             len(doc_ids)),
                         "voice": np.tile(np.array(VOICES, dtype=object), len(doc_ids) * len(categories)),
                         "hits": hits, "words": word_counts, "per_1k": per_1k})


def rate_group_hedges(rates: pd.DataFrame, documents: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Pool per-document rates into one rate per group (e.g. outlet): a group-by of :func:`rate_hedges`.

    The pooled rate is the group's hits over its words, so long documents weigh more.

    Examples
    --------
    >>> rates = pd.DataFrame({"doc_id": ["a", "b"], "category": ["hedge", "hedge"], "voice": ["all", "all"],
    ...                       "hits": [1, 3], "words": [100, 300], "per_1k": [10.0, 10.0]})
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"]})
    >>> rate_group_hedges(rates, docs)[["outlet", "documents", "hits", "words", "per_1k"]].values.tolist()
    [['X', 2, 4, 400, 10.0]]
    """
    table = rates.merge(documents[["doc_id", by]], on="doc_id", how="left")
    pooled = table.groupby([by, "category", "voice"], sort=True).agg(
        documents=("doc_id", "nunique"), hits=("hits", "sum"), words=("words", "sum")).reset_index()
    pooled["per_1k"] = (pooled["hits"] / pooled["words"] * 1000).where(pooled["words"] > 0)
    return pooled


def score_hedging_by_sentence(evidence: pd.DataFrame, documents: pd.DataFrame,
                              lexicon: dict | None = None) -> pd.DataFrame:
    """Hits per sentence: one row per sentence of each document, one count column per category.

    Sentences are ``tokenize.split_sentences``; a hit belongs to the sentence
    holding its first character.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, sentence`` (0-based), ``start, end, words``, then one column
        of hits per category (as in :func:`rate_hedges`).

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["It may rain. It will clearly rain."]})
    >>> table = score_hedging_by_sentence(find_hedges(docs), docs)
    >>> table[["sentence", "words", "hedge", "booster"]].values.tolist()
    [[0, 3, 1, 0], [1, 4, 0, 1]]
    """
    lexicon = lexicon if lexicon is not None else read_hedging_lexicon()
    categories = _categories(lexicon)
    rows, starts = [], {}
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        spans = split_sentences(text)
        starts[doc_id] = [s for s, _ in spans]
        rows += [(doc_id, n, s, e, count_words(text[s:e])) for n, (s, e) in enumerate(spans)]
    sentences = pd.DataFrame(rows, columns=["doc_id", "sentence", "start", "end", "words"])
    evidence = evidence[evidence["measure"] == MEASURE]
    located = []
    for doc_id, group, start in zip(evidence["doc_id"], evidence["group"], evidence["start"]):
        number = max(bisect.bisect_right(starts.get(doc_id, []), start) - 1, 0)
        for category in [group] + [f for f, members in HEDGE_FAMILY.items() if group in members]:
            located.append((doc_id, number, category))
    counts = pd.DataFrame(located, columns=["doc_id", "sentence", "category"])
    wide = (counts.groupby(["doc_id", "sentence", "category"]).size().unstack("category", fill_value=0)
            .reindex(columns=categories, fill_value=0))
    table = sentences.merge(wide, left_on=["doc_id", "sentence"], right_index=True, how="left")
    table[categories] = table[categories].fillna(0).astype("int64")
    return table.reset_index(drop=True)
