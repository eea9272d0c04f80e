from corpus_analysis.tokenize import count_words, split_sentences, tokenize_words


def test_words_keep_inner_hyphens_and_apostrophes():
    assert [t.text for t in tokenize_words("Kyiv’s cease-fire, pro-Kyiv forces' plan")] == \
        ["Kyiv’s", "cease-fire", "pro-Kyiv", "forces", "plan"]


def test_word_offsets_point_into_the_text():
    text = "  Moscow — and Kyiv."
    for token in tokenize_words(text):
        assert text[token.start:token.end] == token.text


def test_count_words_matches_tokens():
    text = "Russia and Ukraine will meet on Wednesday."
    assert count_words(text) == len(tokenize_words(text)) == 7


def test_sentences_split_at_terminal_punctuation_and_paragraphs():
    text = "Talks resume. “We agree,” he said.\n\nA new paragraph"
    assert [text[s:e] for s, e in split_sentences(text)] == \
        ["Talks resume.", "“We agree,” he said.", "A new paragraph"]


# --- hand-made expectations for news text ---------------------------------

import re  # noqa: E402

import pytest  # noqa: E402
from hypothesis import given, settings, strategies as st  # noqa: E402

from corpus_analysis.tokenize import find_quotes  # noqa: E402


def words(text):
    return [t.text for t in tokenize_words(text)]


@pytest.mark.parametrize("text, expected", [
    ("The U.S. and U.N. met.", ["The", "U.S.", "and", "U.N.", "met"]),
    ("Mr. Putin and Gen. Gerasimov", ["Mr", "Putin", "and", "Gen", "Gerasimov"]),
    ("at 0930 GMT on Feb. 24", ["at", "0930", "GMT", "on", "Feb", "24"]),
    ("up 20% to $95 billion", ["up", "20", "to", "95", "billion"]),
    ("a 50-day deadline", ["a", "50-day", "deadline"]),
    ("1,000 troops and 3.5 tonnes", ["1,000", "troops", "and", "3.5", "tonnes"]),
    ("a three-and-a-half-year war", ["a", "three-and-a-half-year", "war"]),
    ("Zelenskyy’s and Kyiv's aides", ["Zelenskyy’s", "and", "Kyiv's", "aides"]),
    ("the allies' plan", ["the", "allies", "plan"]),
    ("“No,” he said — twice.", ["No", "he", "said", "twice"]),
    ("J. R. Smith wrote", ["J", "R", "Smith", "wrote"]),
    ("at 9 a.m. local time", ["at", "9", "a.m.", "local", "time"]),
    ("Erdoğan in Türkiye", ["Erdoğan", "in", "Türkiye"]),
])
def test_news_words(text, expected):
    assert words(text) == expected


def test_word_count_of_a_news_sentence_counted_by_hand():
    # The(1) U.S.(2) pledged(3) $95(4) billion(5) over(6) a(7) three-and-a-half-year(8)
    # period(9) Mr(10) Zelenskyy’s(11) aides(12) said(13) at(14) 0930(15) GMT(16)
    text = "The U.S. pledged $95 billion over a three-and-a-half-year period, Mr. Zelenskyy’s aides said at 0930 GMT."
    assert count_words(text) == 16


@pytest.mark.parametrize("text, expected", [
    ("Mr. Putin spoke. Gen. Gerasimov listened.", ["Mr. Putin spoke.", "Gen. Gerasimov listened."]),
    ("Talks on Feb. 24 failed. Both sides left.", ["Talks on Feb. 24 failed.", "Both sides left."]),
    ("He met U.S. envoys. The talks failed.", ["He met U.S. envoys.", "The talks failed."]),
    ("He met the U.S. Secretary of State.", ["He met the U.S. Secretary of State."]),
    ("John F. Kennedy said so. It was 1961.", ["John F. Kennedy said so.", "It was 1961."]),
    ("Talks start at 9 a.m. The delegates arrive.", ["Talks start at 9 a.m.", "The delegates arrive."]),
    ('He said: "Stop." Then he left.', ['He said: "Stop."', "Then he left."]),
    ("Is it over? No. Really!", ["Is it over?", "No.", "Really!"]),
    ("It cost 3.5 billion. Prices rose 20%.", ["It cost 3.5 billion.", "Prices rose 20%."]),
    ("a line\ncontinues. Next one.\n\nNew paragraph", ["a line\ncontinues.", "Next one.", "New paragraph"]),
    ("the end. lower case goes on", ["the end. lower case goes on"]),
])
def test_news_sentences(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ('He said "yes" and “no”.', ["yes", "no"]),
    ('A stray ” closing mark, then “a quote”.', ["a quote"]),
    ('“Dangling opening, never closed. Then “a real one”.', ["a real one"]),
    ('"He said, "Peace now," to us.', ["Peace now,"]),                # two openers: the first is dropped
    ('“First paragraph of a long quote.\n\n“Second part,” he said.', ["First paragraph of a long quote.",
                                                                      "Second part,"]),
    ('“Not continued.\n\nNew paragraph without a quote.', []),
    ('Unbalanced "straight mark at the end', []),
    ('The 5" gun and "decorative" talks', ["decorative"]),           # inch mark after a digit closes nothing
])
def test_quotes_are_robust_to_unbalanced_marks(text, expected):
    assert [text[q.start:q.end] for q in find_quotes(text)] == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("ab U.S 1,2-'’\"“”\n.?!") + ["Mr.", "Kyiv", "No. "]), max_size=40)
       .map("".join))
def test_spans_always_point_into_the_text(text):
    for token in tokenize_words(text):
        assert text[token.start:token.end] == token.text and token.text
    previous = 0
    for start, end in split_sentences(text):
        assert previous <= start < end <= len(text) and text[start:end] == text[start:end].strip()
        previous = end
    previous = 0
    for quote in find_quotes(text):
        assert previous <= quote.start < quote.end <= len(text)
        previous = quote.end
    assert count_words(text) == len(tokenize_words(text))


# --- words around a place, without splitting the whole text ---------------

from corpus_analysis.tokenize import _WORD_BEFORE, word_spans  # noqa: E402

_TEXTS = st.lists(st.sampled_from(list("ab U.S 1,2-'’\"“”\n.?!_é") + ["Mr.", "Kyiv", "No. ", "  ", "\t"]),
                  max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.data())
def test_word_spans_are_the_words_of_the_whole_text(text, data):
    words = tokenize_words(text)
    assert word_spans(text) == words and all(type(t) is type(w) for t, w in zip(word_spans(text), words))
    # From any place that starts the text, follows whitespace or ends a word.
    starts = [0] + [i + 1 for i, c in enumerate(text) if c.isspace()] + [t.end for t in words]
    start = data.draw(st.sampled_from(starts))
    end = data.draw(st.integers(start, len(text)))
    expected = [t for t in words if start <= t.start < end]
    assert word_spans(text, start, end) == expected
    limit = data.draw(st.integers(0, 5))
    assert word_spans(text, start, end, limit) == expected[:limit]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aB1.-’ \n", max_size=30))
def test_the_word_before_a_period_is_found_from_the_last_space(block):
    # split_sentences searches for the word before a period from the last
    # space or line break on; the whole block gives the same word.
    for end in (i + 1 for i, c in enumerate(block) if c == "."):
        after_space = max(block.rfind(" ", 0, end), block.rfind("\n", 0, end)) + 1
        whole = _WORD_BEFORE.search(block, 0, end)
        near = _WORD_BEFORE.search(block, after_space, end)
        assert (whole and whole.group(1)) == (near and near.group(1))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ09.,-'’_ \n\"é²٣ßǅ—")), max_size=40))
def test_words_are_the_three_alternatives_with_the_first_character_in_front(text):
    alnum = r"[^\W_]"
    plain = re.compile(rf"(?:{alnum}\.){{2,}}(?!{alnum})|\d+(?:[.,]\d+)+(?:[-'’]{alnum}+)*"
                       rf"|{alnum}+(?:[-'’]{alnum}+)*")
    assert [(t.text, t.start, t.end) for t in tokenize_words(text)] == \
        [(m.group(), m.start(), m.end()) for m in plain.finditer(text)]


def _split_sentences_by_paragraph_copies(text):
    # split_sentences as first written: each paragraph copied out, every span stripped.
    from corpus_analysis.tokenize import _BOUNDARY, _is_boundary
    spans = []
    for block in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        body = block.group()
        start = 0
        for m in _BOUNDARY.finditer(body):
            if _is_boundary(body, m):
                spans.append((block.start() + start, block.start() + m.start(1)))
                start = m.end(1)
        spans.append((block.start() + start, block.end()))
    result = []
    for s, e in spans:
        piece = text[s:e]
        stripped = piece.strip()
        if stripped:
            s += len(piece) - len(piece.lstrip())
            result.append((s, s + len(stripped)))
    return result


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("ab U.S 1,2-'’\"“”\n.?!…)( \t\u2003")
                                + ["Mr.", "Kyiv", "No. ", "The", "Inc.", "J. ", "\n\n", " \n"]),
                max_size=50).map("".join))
def test_sentences_found_in_place_equal_the_paragraph_copies(text):
    assert split_sentences(text) == _split_sentences_by_paragraph_copies(text)
