"""The evidence table is built exactly as a table of the row tuples sorted by pandas would be."""

import pandas as pd
from hypothesis import given, settings, strategies as st

from corpus_analysis.measures.evidence import EVIDENCE_COLUMNS, TextIndex, make_evidence


def reference_evidence(rows: list[tuple]) -> pd.DataFrame:
    # The straightforward construction: a table of the padded rows, then a
    # stable sort with pandas.
    padded = [tuple(r) + ("", False)[len(r) - 11:] if len(r) < 13 else tuple(r) for r in rows]
    frame = pd.DataFrame(padded, columns=list(EVIDENCE_COLUMNS))
    frame = frame.astype({"start": "int64", "end": "int64", "negated": "bool"})
    return frame.sort_values(["doc_id", "start", "measure", "group", "variant"], kind="stable") \
        .reset_index(drop=True)


_WORD = st.text(alphabet=st.sampled_from(list("aAbZ_ -1éÉ’\"ıİß\u0301😀中")), max_size=4)
_ROW = st.tuples(st.sampled_from(["a", "b", "B", "ä", "a1"]), st.sampled_from(["label", "toponym", "hedging"]),
                 _WORD, _WORD, _WORD, st.integers(0, 30), st.integers(0, 40), _WORD, _WORD, _WORD,
                 st.sampled_from(["journalist", "quoted"]), _WORD, st.booleans())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_ROW, st.booleans()), max_size=25))
def test_make_evidence_matches_a_sorted_table_of_the_rows(rows):
    # Some rows stop after ``voice`` (their target and negated take the defaults).
    rows = [row[:11] if short else row for row, short in rows]
    built = make_evidence(rows)
    expected = reference_evidence(rows)
    pd.testing.assert_frame_equal(built, expected, check_exact=True)
    assert built.dtypes.tolist() == expected.dtypes.tolist()


# The word count summed over whitespace tokens, cached per token type, is the
# word count of the whole text: checked on texts made of the characters that
# decide where words start and end, and of every kind of whitespace.
_WORD_EDGES = "aZ7_.,'’-—\"(" + " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2009\u2028\u3000"


@given(st.text(alphabet=_WORD_EDGES, max_size=40))
@settings(max_examples=400, deadline=None)
def test_word_count_from_tokens_equals_count_words(text):
    from corpus_analysis.measures.evidence import count_token_words
    from corpus_analysis.tokenize import count_words

    assert count_token_words(text.split()) == count_words(text)
    assert TextIndex(text).word_count == count_words(text)


def test_a_token_of_letters_and_digits_is_one_word():
    # count_token_words counts such a token as one word without the word
    # pattern: its character class [^\W_] must be exactly what str.isalnum()
    # accepts, for every character.
    import re

    from corpus_analysis.tokenize import _ALNUM

    alnum = re.compile(_ALNUM)
    assert all(bool(alnum.match(c)) == c.isalnum() for c in map(chr, range(0x110000)))


def test_word_counts_do_not_depend_on_the_token_cache(monkeypatch):
    from corpus_analysis.measures import evidence
    from corpus_analysis.tokenize import count_words

    texts = ["Kyiv's cease-fire held, U.S. officials said on Monday.", "A 1,000-strong crowd — 3.5 km long.",
             "Mr. Zelenskyy’s aide met them at 9 a.m.", "", "Talks (in Geneva) resumed; nobody spoke."] * 3
    # Caches that restart before every document or every few documents.
    for size in (1, 8):
        monkeypatch.setattr(evidence, "_TOKEN_CACHE_SIZE", size)
        evidence._TOKEN_EXTRA_WORDS.clear()
        assert [evidence.count_token_words(text.split()) for text in texts] == list(map(count_words, texts))
        assert len(evidence._TOKEN_EXTRA_WORDS) < size + max(len(set(text.split())) for text in texts)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab "“”„«». \n')), max_size=60), st.data())
def test_voice_at_equals_looking_at_every_quotation(text, data):
    from corpus_analysis.measures.evidence import TextIndex

    index = TextIndex(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    inside = any(q.start <= start and end <= q.end for q in index.quotes)
    assert index.voice_at(start, end) == ("quoted" if inside else "journalist")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab "“”„«». !?\n')), max_size=60), st.data())
def test_row_reads_sentence_and_voice_as_their_methods_do(text, data):
    # TextIndex.row looks up the sentence and the voice itself; it must give
    # sentence_at(start) and voice_at(start, end), also for an empty or
    # reversed span and offsets outside every sentence.
    index = TextIndex(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(max(0, start - 3), len(text)))
    row = index.row("d", "m", "g", "v", start, end, "t", True)
    assert row[7] == index.sentence_at(start)
    assert row[10] == index.voice_at(start, end)
    assert row == ("d", "m", "g", "v", text[start:end], start, end, index.sentence_at(start),
                   text[max(0, start - 60):start], text[end:end + 60], index.voice_at(start, end), "t", True)


# Pieces of text around which words_before splits: letters, digits and the
# characters that join or end words, with every kind of whitespace.
_BEFORE_PIECES = ["a", "Z", "7", "é", "ab", "U.S.", "a.m", "1,000", "3.5", "Kyiv's", "cease-fire", "it’s", "_",
                  ".", ",", "'", "’", "-", "—", '"', "“", "”", "(", ")", ":", "!", "…",
                  " ", "  ", "\t", "\n", "\xa0", "\u2009", "\u3000"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_BEFORE_PIECES), max_size=20).map("".join), st.data())
def test_words_before_are_the_words_of_the_whole_text_last_first(text, data):
    index = TextIndex(text)
    words = index.tokens
    start = data.draw(st.sampled_from([0] + [t.start for t in words]))
    end = data.draw(st.integers(start, len(text)))
    assert list(index.words_before(end, start)) == [t for t in reversed(words) if start <= t.start < end]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_BEFORE_PIECES), max_size=20).map("".join), st.data())
def test_words_between_with_a_limit_are_the_words_of_the_whole_text(text, data):
    index = TextIndex(text)
    words = index.tokens
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text) + 2))
    limit = data.draw(st.integers(0, 8))
    assert index.words_between(start, end, limit) == [t for t in words if start <= t.start < end][:limit]
