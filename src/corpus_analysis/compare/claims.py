"""Checkable claims and their corroboration across outlets of the same event.

:func:`extract_claims` finds, with transparent rules (no trained model):

* ``number`` - a number with what it counts ("83 drones", "at least two
  civilians", "a 50-day deadline", "$1.5 billion", "12 percent"), its category
  from the claims lexicon (casualties, weapons, duration, money, percent, ...)
  and whether it is approximate ("at least", "about", "up to");
* ``date`` - calendar dates ("July 22, 2025", "22 July", "2025-07-22"), years
  and weekdays ("on Wednesday");
* ``time`` - clock times ("0745 GMT", "9:30 a.m.", "noon EST");
* ``person`` and ``place`` - capitalised names after a title ("President
  Ana Lima") or before a speech verb ("Lima said"), and after a locative
  preposition ("in Porto").

:func:`corroborate_claims` then marks each claim ``corroborated`` (another
outlet of the same event states a compatible claim), ``contradicted`` (another
outlet gives a different number for the same thing in a similar sentence, and
none agrees) or ``uncorroborated``, with the evidence sentence on both sides.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

from ..errors import CorpusError
from ..lexicon import LexiconError, default_lexicon_path, load_yaml
from ..measures.evidence import TextIndex
from ._text import cosine_matrix, require_columns

__all__ = ["read_claims_lexicon", "find_dates", "extract_claims", "corroborate_claims", "CLAIM_COLUMNS"]

CLAIM_COLUMNS = ("doc_id", "claim", "kind", "category", "thing", "value", "number", "low", "high",
                 "approximate", "matched", "start", "end", "sentence", "voice")


def read_claims_lexicon(path: str | Path | None = None) -> dict:
    """Read and validate the claims lexicon (default: the one shipped with the package).

    Examples
    --------
    >>> sorted(read_claims_lexicon()["categories"])[:3]
    ['casualties', 'duration', 'money']
    """
    path = Path(path) if path else default_lexicon_path("claims")
    data = load_yaml(path)
    categories = data.get("categories")
    if not isinstance(categories, dict) or not categories:
        raise LexiconError(f"{path}: no 'categories' section. Add one category per kind of counted thing.")
    for name, entry in categories.items():
        where = f"{path}: categories.{name}"
        if not isinstance(entry, dict) or not isinstance(entry.get("nouns"), list) or not entry["nouns"]:
            raise LexiconError(f"{where}: needs 'nouns', a list of the words this category counts.")
        if not all(isinstance(n, str) and n.strip() for n in entry["nouns"] + (entry.get("cues") or [])):
            raise LexiconError(f"{where}: 'nouns' and 'cues' must be lists of words (quote words YAML reads "
                               "as true/false, such as no or on).")
        for key in ("rationale", "source"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise LexiconError(f"{where}: missing '{key}'. Say why the entry is there and where it comes from.")
    for section in ("person_titles", "place_prepositions", "function_words"):
        entry = data.get(section)
        if not isinstance(entry, dict) or not isinstance(entry.get("words"), list) or not entry["words"]:
            raise LexiconError(f"{path}: '{section}' needs 'words', a list (and a rationale and source).")
        for key in ("rationale", "source"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise LexiconError(f"{path}: {section}: missing '{key}'.")
        bad = [w for w in entry["words"] if not isinstance(w, str) or not w.strip()]
        if bad:
            raise LexiconError(f"{path}: {section}: {bad[0]!r} is not a word. Quote words YAML reads as "
                               "true/false or numbers (no, on, yes, off).")
    return data


# --- dates and times -------------------------------------------------------

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<{}>" + "|".join(sorted((m.capitalize() for m in _MONTHS), key=len, reverse=True)) + r")\.?"
_WEEKDAYS = [d for d in calendar.day_name]
_DATE_PATTERNS = [
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH.format("mn") + r"(?:,?\s+(?P<y>\d{4}))?\b"),
    re.compile(r"\b" + _MONTH.format("mn") + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?\b"),
    re.compile(r"\b" + _MONTH.format("mn") + r"\s+(?P<y>\d{4})\b"),
    re.compile(r"\b(?P<wd>" + "|".join(_WEEKDAYS) + r")\b"),
    re.compile(r"\b(?:in|since|until|by|of|from|before|after)\s+(?P<y>(?:18|19|20)\d{2})\b(?![-\w])"),
]
_ZONE = r"(?:\s*(?P<zone>GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|CST|CDT|PST|PDT|local time))?"
_TIME_PATTERNS = [
    re.compile(r"\b(?P<h>\d{1,2}):(?P<mi>\d{2})\s*(?P<ap>a\.m\.|p\.m\.|am|pm)?" + _ZONE + r"(?![\w:])"),
    re.compile(r"\b(?P<h>\d{1,2})\s*(?P<ap>a\.m\.|p\.m\.|am|pm)(?!\w)" + _ZONE),
    re.compile(r"\b(?P<hm>[0-2]\d[0-5]\d)\s*(?P<zone>GMT|UTC|hours|hrs)\b"),
    re.compile(r"\b(?P<noon>noon|midnight)" + _ZONE + r"\b"),
]


def _date_value(m: re.Match) -> str | None:
    groups = m.groupdict()
    if groups.get("wd"):
        return groups["wd"]
    year = groups.get("y")
    month = _MONTHS[groups["mn"].lower()] if groups.get("mn") else (int(groups["m"]) if groups.get("m") else None)
    day = int(groups["d"]) if groups.get("d") else None
    if month is None:
        return year
    if day is None:
        return f"{year}-{month:02d}"
    try:  # reject impossible dates such as 31 February
        dt.date(int(year) if year else 2000, month, day)
    except ValueError:
        return None
    return f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """Dates mentioned in ``text``: (start, end, value), non-overlapping, longest first.

    Values are ISO-like: ``2025-07-22``, ``--07-22`` (no year), ``2025-07``,
    ``2025`` or a weekday name.

    Examples
    --------
    >>> [v for _, _, v in find_dates("On Wednesday, July 23, 2025, and on 24 July; 2025-08-01.")]
    ['Wednesday', '2025-07-23', '--07-24', '2025-08-01']
    """
    found = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            value = _date_value(m)
            if value is None:
                continue
            start = m.start("y") if pattern is _DATE_PATTERNS[-1] else m.start()
            found.append((start, m.end(), value))
    return _non_overlapping(found)


def _find_times(text: str) -> list[tuple[int, int, str]]:
    found = []
    for m in (m for p in _TIME_PATTERNS for m in p.finditer(text)):
        g = m.groupdict()
        zone = g.get("zone") or ""
        if g.get("noon"):
            hour, minute = (12, 0) if g["noon"] == "noon" else (0, 0)
        elif g.get("hm"):
            hour, minute = int(g["hm"][:2]), int(g["hm"][2:])
            zone = zone if zone in ("GMT", "UTC") else ""
        else:
            hour, minute = int(g["h"]), int(g.get("mi") or 0)
            ap = (g.get("ap") or "").replace(".", "")
            if ap == "pm" and hour < 12:
                hour += 12
            elif ap == "am" and hour == 12:
                hour = 0
            if not ap and not zone and ":" not in m.group():
                continue
        if hour > 23 or minute > 59:
            continue
        found.append((m.start(), m.end(), f"{hour:02d}:{minute:02d}" + (f" {zone}" if zone else "")))
    return _non_overlapping(found)


def _non_overlapping(spans: list[tuple]) -> list[tuple]:
    """Keep the longest of overlapping spans (ties: the earliest), in text order."""
    kept: list[tuple] = []
    for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s[0])


# --- numbers ---------------------------------------------------------------

_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({w: 10 * (i + 3) for i, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split())})
_NUMBER_WORDS.update({"dozen": 12, "hundred": 100, "thousand": 1000})
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6}
_CURRENCY = {"$": "dollar", "€": "euro", "£": "pound", "¥": "yen"}
_NUMBER = re.compile(
    r"(?:(?P<cur>[$€£¥])\s?)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    r"|(?:a\s+)?(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
    r"(?:\s+(?P<scale>hundred|thousand|million|billion|trillion|bn)\b|(?P<short>bn|m)\b)?"
    r"(?P<pct>\s?%|\s+per\s?cent\b|\s+percent\b)?"
    r"(?:-(?P<compound>[a-z]+))?",
    re.IGNORECASE)
# Words before a number that make it a bound or an estimate: (low factor, high factor).
_QUALIFIERS = [
    (re.compile(r"\b(?:at\s+least|more\s+than|over|upwards\s+of|in\s+excess\s+of|dozens\s+of|no\s+fewer\s+than)\s+$", re.I),
     (1.0, np.inf)),
    (re.compile(r"\b(?:nearly|almost|just\s+under|close\s+to)\s+$", re.I), (0.8, 1.0)),
    (re.compile(r"\b(?:up\s+to|fewer\s+than|less\s+than|under|at\s+most|no\s+more\s+than)\s+$", re.I),
     (0.0, 1.0)),
    (re.compile(r"\b(?:about|around|roughly|approximately|some|an\s+estimated|estimated)\s+$", re.I),
     (0.8, 1.2)),
]
# Words that may stand between a counted noun and the verb saying what happened to it.
_AUXILIARIES = {"were", "was", "are", "is", "been", "being", "have", "has", "had", "reportedly", "later", "also"}
_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|%")


def lemma(word: str) -> str:
    """Crude singular of an English noun, for matching counted things ("drones" -> "drone")."""
    w = word.lower()
    irregular = {"people": "person", "children": "child", "men": "man", "women": "woman", "lives": "life",
                 "casualties": "casualty", "fatalities": "fatality", "bodies": "body", "injured": "injured"}
    if w in irregular:
        return irregular[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def _number_value(text: str) -> float | None:
    text = text.lower().replace(",", "").strip()
    text = re.sub(r"^a\s+", "", text)
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    parts = re.split(r"[- ]", text)
    if all(p in _NUMBER_WORDS for p in parts):
        return float(sum(_NUMBER_WORDS[p] for p in parts))
    return None


def _categories(lexicon: dict) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """noun -> category, cue -> category, and word -> canonical counted thing (from ``same_thing``)."""
    nouns, cues, canonical = {}, {}, {}
    for name, entry in lexicon["categories"].items():
        for group in entry.get("same_thing") or []:
            for word in group:
                canonical.setdefault(lemma(word), lemma(group[0]))
        for noun in entry["nouns"]:
            nouns.setdefault(lemma(noun), name)
            nouns.setdefault(noun.lower(), name)
        for cue in entry.get("cues") or []:
            cues.setdefault(cue.lower(), name)
    return nouns, cues, canonical


def _find_numbers(text: str, lexicon: dict, taken: list[tuple[int, int]]) -> list[tuple]:
    nouns, cues, canonical = _categories(lexicon)
    cue_things = {canonical.get(lemma(c), lemma(c)) for c in cues}
    function_words = {w.lower() for w in lexicon["function_words"]["words"]}
    found = []
    for m in _NUMBER.finditer(text):
        if not m.group("num") or (m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in ".,")):
            continue
        start, end = m.start(), m.end()
        if any(not (end <= s or start >= e) for s, e in taken):
            continue
        value = _number_value(m.group("num"))
        if value is None:
            continue
        is_word = not m.group("num")[0].isdigit()
        scale = (m.group("scale") or m.group("short") or "").lower()
        value *= _SCALES.get(scale, 1.0)
        # The counted thing: a hyphenated unit ("50-day"), the currency or
        # percent sign, or the first content word among the next three.
        thing, category, noun_end = "", "", end
        if m.group("cur"):
            thing, category = _CURRENCY[m.group("cur")], "money"
        elif m.group("pct"):
            thing, category = "percent", "percent"
        elif m.group("compound"):
            thing = lemma(m.group("compound"))
        else:
            for n_seen, t in enumerate(_TOKEN.finditer(text[end:end + 60])):
                if n_seen == 3:
                    break
                gap = text[end:end + t.start()]
                if re.search(r"[.,;:!?()\"“”]", gap):
                    break
                # A date or time already claimed ends the search: the counted
                # noun never reaches across another claim ("12 Monday war").
                if any(end + t.start() < e and s < end + t.end() for s, e in taken):
                    break
                word = t.group().lower()
                if lemma(word) in nouns or word in nouns:
                    thing = lemma(word)
                    noun_end = end + t.end()
                    break
                if word in function_words or _number_value(word) is not None:
                    break
                if not thing and word.isalpha() and t.group()[0].islower():
                    thing = lemma(word)
                    # keep looking a word or two on for a lexicon noun ("83 attack drones")
                    noun_end = end + t.end()
        end = noun_end
        if thing and not category:
            category = nouns.get(thing, "")
        # What happened to what was counted, when the category has cue words:
        # "14 people were killed", "killing two people", "injuring 15".  The cue
        # (a verb or participle after the noun, else one just before the
        # number) names the thing, so that "two civilians dead" and "killing
        # two people" are about the same thing and "31 people were injured"
        # is not.
        before = [w.lower() for w in re.findall(r"[^\W_]+", text[max(0, start - 40):start])][-3:]
        cue = ""
        if thing and canonical.get(thing, thing) in cue_things:
            cue = thing
        if not cue:
            for word in (w.lower() for w in re.findall(r"[^\W_]+|[^\w\s]", text[end:end + 40])[:3]):
                if word in cues:
                    cue = word
                    break
                if word not in _AUXILIARIES:
                    break
        if not cue:
            cue = next((w for w in reversed(before) if w in cues), "")
        if cue and (not category or cues.get(cue, category) == category):
            category = category or cues[cue]
            thing = lemma(cue)
        thing = canonical.get(thing, thing)
        if is_word and not category:
            continue  # "one of them", "two sides": a number word with nothing checkable
        if not thing and not category:
            continue  # a bare number ("page 2", "No. 5") says nothing checkable
        category = category or "count"
        low_f, high_f = 1.0, 1.0
        for pattern, factors in _QUALIFIERS:
            if pattern.search(text[max(0, start - 30):start]):
                low_f, high_f = factors
                break
        found.append((start, end, "number", category, thing, _format_number(value), value,
                      value * low_f, value * high_f, (low_f, high_f) != (1.0, 1.0)))
    return found


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# --- names -----------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
# A capitalised word ("Jean-Noël", "O'Neill") or a dotted abbreviation ("U.N."); the words
# of one name are separated by single spaces, so a name never runs across a
# sentence or paragraph break.
_NAME_WORD = rf"(?:[{_UPPER}]\.){{2,}}|[{_UPPER}][^\W\d_]*(?:[-'’][^\W\d_]+)*"
_NAME = re.compile(rf"(?<![\w-]){_NAME_WORD}(?:[ ](?:{_NAME_WORD}))*")
_SPEECH = re.compile(r"\s*(?:,\s*)?(?:said|says|told|added|stated|announced|wrote|warned|confirmed|insisted|argued)\b")


def name_key(name: str) -> str:
    """Spelling-tolerant key of a name: accents folded, doubled letters and a final -iy/-yy collapsed.

    Transliterations of one name differ in exactly these ways (Kovalskyy,
    Kovalskiy, Kovalsky), so they share a key.

    Examples
    --------
    >>> name_key("Kovalskyy") == name_key("Kovalskiy") == name_key("Kovalsky")
    True
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"[^a-z ]", "", folded)
    folded = re.sub(r"(iy|yy|ii)\b", "y", folded)
    return re.sub(r"(.)\1+", r"\1", folded).strip()


def _opens_sentence(text: str, start: int) -> bool:
    """Whether ``start`` begins the text, a paragraph or a sentence (after . ! ? and closing quotes)."""
    before = text[max(0, start - 12):start]
    if start <= 12 and not before.strip():
        return True
    return bool(re.search(r"[.!?\n][\"'”’)]*\s+$", before))


def _find_names(text: str, lexicon: dict, taken: list[tuple[int, int]]) -> list[tuple]:
    titles = set(lexicon["person_titles"]["words"])
    prepositions = {w.lower() for w in lexicon["place_prepositions"]["words"]}
    calendar_words = {m.capitalize() for m in _MONTHS} | set(_WEEKDAYS)
    found = []
    for m in _NAME.finditer(text):
        words = m.group().split(" ")
        # Titles are cues, not part of the name: the name is what follows the
        # last title ("Defence Council Secretary Ana Lima" -> "Ana Lima").
        leading = max((i + 1 for i, w in enumerate(words) if w in titles), default=0)
        name_words = words[leading:]
        if not name_words:
            continue
        start = m.start() + len(" ".join(words[:leading])) + (1 if leading else 0)
        previous = re.findall(r"[^\W_]+\.?", text[max(0, start - 30):start])
        previous_word = previous[-1] if previous else ""
        name = re.sub(r"['’]s$", "", " ".join(name_words))  # possessive: "Lima's"
        end = start + len(name)
        if name in calendar_words or any(not (end <= s or start >= e) for s, e in taken):
            continue
        speaker = bool(_SPEECH.match(text, m.end())) and len(name_words) <= 3
        if speaker and not leading and _opens_sentence(text, start):
            # "Officials said" at the start of a sentence: a capitalised common noun, unless the
            # same word also appears capitalised inside a sentence elsewhere (a real name).
            speaker = bool(re.search(rf"[\w,;:]\s+{re.escape(name)}\b", text))
        if leading or previous_word in titles or speaker:
            kind, key = "person", name_key(name.split(" ")[-1])
        elif (previous_word.lower() in prepositions and text[max(0, start - 1):start] == " "
              and len(name) > 2):
            kind, key = "place", name_key(name)
        else:
            continue
        found.append((start, end, kind, kind, name, key, np.nan, np.nan, np.nan, False))
    return found


def extract_claims(documents: pd.DataFrame, lexicon: dict | None = None) -> pd.DataFrame:
    """Checkable claims in each document: numbers with what they count, dates, times, people, places.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id`` and cleaned ``text``.
    lexicon : dict, optional
        Claims lexicon (:func:`read_claims_lexicon`); default: the shipped one.

    Returns
    -------
    pandas.DataFrame
        :data:`CLAIM_COLUMNS`: ``doc_id``, ``claim`` (number within the
        document), ``kind`` (number/date/time/person/place), ``category``
        (for numbers: casualties, weapons, duration, money, percent, ... or
        ``count``), ``thing`` (the counted noun, singular; the name for people
        and places), ``value`` (normalised: number, ISO date, ``HH:MM zone``,
        or a spelling-tolerant name key), ``number``, ``low``, ``high`` (the
        range a qualified number allows: "at least 2" is 2 to infinity),
        ``approximate``, ``matched``, ``start``, ``end``, ``sentence``, ``voice``.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Officials said at least 12 drones hit sites in Porto on 3 May."]})
    >>> extract_claims(docs)[["kind", "category", "thing", "value", "low"]].values.tolist()
    [['number', 'weapons', 'drone', '12', 12.0], ['place', 'place', 'Porto', 'porto', nan], ['date', 'date', '', '--05-03', nan]]
    """
    require_columns(documents, ["doc_id", "text"], "documents")
    lexicon = lexicon if lexicon is not None else read_claims_lexicon()
    rows = []
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        index = TextIndex(text)
        dates = [(s, e, "date", "date", "", v, np.nan, np.nan, np.nan, False) for s, e, v in find_dates(text)]
        times = [(s, e, "time", "time", "", v, np.nan, np.nan, np.nan, False) for s, e, v in _find_times(text)]
        taken = [(s, e) for s, e, *_ in dates + times]
        numbers = _find_numbers(text, lexicon, taken)
        names = _find_names(text, lexicon, taken + [(s, e) for s, e, *_ in numbers])
        found = sorted(dates + times + numbers + names, key=lambda r: (r[0], r[1], r[2]))
        for i, (start, end, kind, category, thing, value, number, low, high, approx) in enumerate(found):
            rows.append((doc_id, i, kind, category, thing, value, number, low, high, approx, text[start:end],
                         start, end, index.sentence_at(start), index.voice_at(start, end)))
    frame = pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))
    return frame.astype({"claim": "int64", "start": "int64", "end": "int64", "number": "float64",
                         "low": "float64", "high": "float64", "approximate": "bool"})


# --- corroboration ---------------------------------------------------------

def _dates_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    weekday = {d: i for i, d in enumerate(_WEEKDAYS)}
    for x, y in ((a, b), (b, a)):
        if x in weekday and re.fullmatch(r"\d{4}-\d{2}-\d{2}", y):
            return dt.date.fromisoformat(y).weekday() == weekday[x]
        if x.startswith("--") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", y):
            return y[4:] == x[1:]
    return False


def _times_compatible(a: str, b: str) -> bool:
    ha, _, za = a.partition(" ")
    hb, _, zb = b.partition(" ")
    return ha == hb and (za == zb or not za or not zb)


def _relation(claim, other) -> str | None:
    """'agree', 'conflict' or None (not about the same thing)."""
    if claim.kind != other.kind:
        if {claim.kind, other.kind} == {"person", "place"} and claim.value == other.value:
            return "agree"
        return None
    if claim.kind == "number":
        if claim.category != other.category:
            return None
        if claim.thing != other.thing or not claim.thing:
            return None
        overlap = max(claim.low, other.low) <= min(claim.high, other.high)
        return "agree" if overlap else "conflict"
    if claim.kind == "date":
        return "agree" if _dates_compatible(claim.value, other.value) else None
    if claim.kind == "time":
        return "agree" if _times_compatible(claim.value, other.value) else None
    return "agree" if claim.value == other.value else None


def _name_mentions(doc_id, outlet, text: str) -> list[SimpleNamespace]:
    """Every capitalised name in ``text``, with the keys of the whole name and of each of its words."""
    index = TextIndex(text)
    found = []
    for m in _NAME.finditer(text):
        name = re.sub(r"['’]s$", "", m.group())
        keys = {name_key(name)} | {name_key(w) for w in name.split(" ")}
        found.append(SimpleNamespace(doc_id=doc_id, outlet=outlet, matched=name, value=name_key(name), keys=keys,
                                     start=m.start(), sentence=index.sentence_at(m.start())))
    return found


def corroborate_claims(claims: pd.DataFrame, documents: pd.DataFrame, event_col: str = "event",
                       outlet_col: str = "outlet", min_similarity: float = 0.2) -> pd.DataFrame:
    """Mark each claim corroborated, contradicted or uncorroborated by the other outlets of its event.

    A claim is compared with the claims of every document of the same event
    from another outlet (another document when there is no outlet column):

    * ``corroborated`` - some claim agrees: the same date (a weekday agrees
      with a full date falling on it), the same time, the same name key, or a
      number of the same category and counted thing whose range overlaps
      (a match of ranges rather than exact values also needs sentences at
      least ``min_similarity / 2`` similar);
    * ``contradicted`` - none agrees, but a number of the same category and
      counted thing, in a sentence at least ``min_similarity`` similar (TF-IDF
      cosine), gives a range that does not overlap ("83 drones" against "80
      drones");
    * a person or place is also corroborated by any mention of the same name
      key in the text of another outlet (``documents`` needs ``text`` for this);
    * ``uncorroborated`` - no other outlet states anything about it
      (``outlets_compared`` says how many outlets could have).

    Parameters
    ----------
    claims : pandas.DataFrame
        From :func:`extract_claims`.
    documents : pandas.DataFrame
        ``doc_id``, ``event_col`` and (optionally) ``outlet_col``.
    event_col, outlet_col : str
        Event and outlet columns; documents without an event are compared with nobody.
    min_similarity : float
        Sentence similarity needed before differing numbers count as a contradiction.

    Returns
    -------
    pandas.DataFrame
        The claims, with ``event``, ``outlet``, ``status``, ``outlets_compared``,
        ``agreeing_outlets``, and the best matching claim on the other side:
        ``other_doc_id``, ``other_outlet``, ``other_matched``, ``other_value``,
        ``other_sentence``, ``similarity``.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "event": ["e", "e"],
    ...                      "text": ["Russia launched 83 drones overnight.", "Russia launched 80 drones overnight."]})
    >>> table = corroborate_claims(extract_claims(docs), docs)
    >>> table[["doc_id", "value", "status", "other_value"]].values.tolist()
    [['a', '83', 'contradicted', '80'], ['b', '80', 'contradicted', '83']]
    """
    require_columns(claims, list(CLAIM_COLUMNS), "claims")
    require_columns(documents, ["doc_id", event_col], "documents")
    meta = documents[["doc_id", event_col]].copy()
    meta["outlet"] = documents[outlet_col] if outlet_col in documents else documents["doc_id"]
    meta = meta.rename(columns={event_col: "event"}).set_index("doc_id")
    unknown = sorted(set(claims["doc_id"]) - set(meta.index))
    if unknown:
        raise CorpusError(f"claims: doc_id(s) {', '.join(map(str, unknown[:5]))} not in documents.")
    table = claims.join(meta, on="doc_id")
    extra = {c: [] for c in ("status", "outlets_compared", "agreeing_outlets", "other_doc_id", "other_outlet",
                             "other_matched", "other_value", "other_sentence", "similarity")}
    results: dict[int, tuple] = {}
    texts = dict(zip(documents["doc_id"], documents["text"])) if "text" in documents else {}
    for event, part in table.groupby("event", sort=True, dropna=True):
        event_docs = sorted(meta.index[meta["event"] == event])
        mentions = {d: _name_mentions(d, meta.at[d, "outlet"], texts[d]) for d in event_docs if d in texts}
        sentences = sorted(set(part["sentence"]) | {m.sentence for ms in mentions.values() for m in ms})
        position = {s: i for i, s in enumerate(sentences)}
        similarity = cosine_matrix(sentences)
        records = list(part.itertuples())
        event_outlets = set(meta.loc[meta["event"] == event, "outlet"])
        for claim in records:
            others = [o for o in records if o.outlet != claim.outlet]
            compared = len(event_outlets - {claim.outlet})
            agree, conflict = [], []
            for other in others:
                relation = _relation(claim, other)
                if relation is None:
                    continue
                sim = float(similarity[position[claim.sentence], position[other.sentence]])
                # A range match ("over a dozen" and "15") is weaker evidence than an exact
                # one, so it also needs the two sentences to share some vocabulary.
                if relation == "agree" and claim.kind == "number" and (claim.approximate or other.approximate) \
                        and sim < min_similarity / 2:
                    continue
                if relation == "agree":
                    agree.append((-sim, other.doc_id, other.start, other, sim))
                elif sim >= min_similarity:
                    conflict.append((-sim, other.doc_id, other.start, other, sim))
            if not agree and claim.kind in ("person", "place"):
                # A name is corroborated by any mention of it in another outlet's
                # text, with or without the cue that made it a claim here.
                for doc_id, found in mentions.items():
                    for other in found:
                        if other.outlet != claim.outlet and claim.value in other.keys:
                            sim = float(similarity[position[claim.sentence], position[other.sentence]])
                            agree.append((-sim, other.doc_id, other.start, other, sim))
            if agree:
                status, best = "corroborated", min(agree, key=lambda x: x[:3])
            elif conflict:
                status, best = "contradicted", min(conflict, key=lambda x: x[:3])
            else:
                status, best = "uncorroborated", None
            results[claim.Index] = (status, compared, len({a[3].outlet for a in agree}), best)
    for index in table.index:
        status, compared, agreeing, best = results.get(index, ("uncorroborated", 0, 0, None))
        extra["status"].append(status)
        extra["outlets_compared"].append(compared)
        extra["agreeing_outlets"].append(agreeing)
        other = best[3] if best else None
        extra["other_doc_id"].append(other.doc_id if other is not None else None)
        extra["other_outlet"].append(other.outlet if other is not None else None)
        extra["other_matched"].append(other.matched if other is not None else None)
        extra["other_value"].append(other.value if other is not None else None)
        extra["other_sentence"].append(other.sentence if other is not None else None)
        extra["similarity"].append(best[4] if best else np.nan)
    for column, values in extra.items():
        table[column] = values
    table = table.astype({"outlets_compared": "int64", "agreeing_outlets": "int64", "similarity": "float64"})
    return table.sort_values(["doc_id", "claim"], kind="stable").reset_index(drop=True)
