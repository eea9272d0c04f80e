"""normalise_text's fast paths give what the full repair gives."""

import re
import re._constants as sre
import re._parser as sre_parse
import unicodedata

import ftfy
from ftfy.badness import BADNESS_RE, is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_analysis import clean
from corpus_analysis.clean import normalise_text


def full_repair(text: str) -> str:
    """normalise_text without fast paths: ftfy on every non-ASCII text, white space by regex."""
    for _ in range(4):
        before = text
        if not text.isascii():
            text = ftfy.fix_encoding(text)
            text = unicodedata.normalize("NFC", text).translate(clean._INVISIBLE)
        text = re.sub(r"\s+", " ", text).strip()
        if text == before:
            break
    return text


def _chars(item) -> set[str] | None:
    """The characters one element of a parsed expression matches, or None when not a plain set."""
    op, arg = item
    if op is sre.LITERAL:
        return {chr(arg)}
    if op is sre.IN:
        out = set()
        for sub_op, sub_arg in arg:
            if sub_op is sre.LITERAL:
                out.add(chr(sub_arg))
            elif sub_op is sre.RANGE:
                out.update(map(chr, range(sub_arg[0], sub_arg[1] + 1)))
            else:
                return None
        return out
    return None


def test_mojibake_guard_is_active_for_the_installed_ftfy():
    assert clean._MOJIBAKE is not None


def test_every_badness_alternative_needs_a_guarded_character():
    # ftfy.fix_encoding changes nothing unless BADNESS_RE matches.  Each
    # alternative of BADNESS_RE is a sequence; when one of its mandatory
    # elements only matches guarded characters, text without any guarded
    # character cannot match, so skipping ftfy for it changes nothing.
    tree = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert len(tree) == 1 and tree[0][0] is sre.BRANCH
    for alternative in tree[0][1][1]:
        sets = [_chars(item) for item in alternative]
        assert any(s and all(clean._MOJIBAKE.match(c) for c in s) for s in sets), alternative


PIECES = ["Kyiv", "said", " ", "\u00a0", "\u200b", "\u00ad", "\r\n", "\t", "\x1c", "\u2028", "\x85", "â€™",
          "â€”", "Ã©", "Â", "Ã", "Ð", "Ñ", "é", "e\u0301", "“", "”", "’", "—", "–", "…", "£", "€", "°",
          "×", "²", "ß", "İ", "Œ", "œ", "вЂ", "Ђ", "Р", "С", "β€", "ā€", "√", "≈", "‚", "Ä", "ì", "╔",
          "\x80", "\x9d", "\ufeff", "🎉", "¿", "¡", "©", "®", "™", "«", "»", "Ù", "Ø", "à", "½", "Γ", "Ο"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_normalise_text_equals_the_full_repair(pieces):
    text = "".join(pieces)
    assert normalise_text(text) == full_repair(text)
    # Text the guard lets through unrepaired is text ftfy leaves alone.
    if not clean._MOJIBAKE.search(text):
        assert not is_bad(text) and ftfy.fix_encoding(text) == text


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_normalise_text_equals_the_full_repair_on_any_text(text):
    assert normalise_text(text) == full_repair(text)
