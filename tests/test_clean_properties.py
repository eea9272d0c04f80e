"""Properties of cleaning that must hold for any input (hypothesis)."""
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from corpus_analysis.clean import _blocks, clean_document, normalise_text

WORDS = ["the", "harbour", "ferry", "said", "on", "Monday", "talks", "Share", "Read more:", "Advertisement",
         "officials", "and", "of", "a", "new", "terminal", "would", "open", "in", "spring", "By", "Ana",
         "Lopez", "July 22, 2025", "©", "cookies", "www.example.org", "Kyiv", "Café", "cafe\u0301", "🎉",
         "\u00a0", "\u200b", "â€™", "Â", "—", "“quoted”", "-", "•", "|", "/", "Related", "Leave a Reply"]
ENDS = ["", ".", "!", "?", ":", "…", ","]
line = st.builds(lambda ws, end: " ".join(ws) + end, st.lists(st.sampled_from(WORDS), min_size=0, max_size=25),
                 st.sampled_from(ENDS))
newline = st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\r\n\r\n", "\n \n", "\u2028"])
pages = st.builds(lambda ls, seps: "".join(l + s for l, s in zip(ls, seps)),
                  st.lists(line, min_size=0, max_size=30), st.lists(newline, min_size=30, max_size=30))
anything = st.text(max_size=400)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_spans(raw, doc):
    # Kept text is the raw text at its offsets, normalised; removed text is verbatim.
    for p in doc.paragraphs:
        assert 0 <= p.start < p.end <= len(raw)
        assert p.text == normalise_text(raw[p.start:p.end])
        assert p.text
    for r in doc.removed:
        assert raw[r.start:r.end] == r.text
        assert r.rule
    # Spans never overlap, and every non-blank line is covered.
    spans = sorted([(p.start, p.end) for p in doc.paragraphs] + [(r.start, r.end) for r in doc.removed])
    for (_, e1), (s2, _) in zip(spans, spans[1:]):
        assert e1 <= s2
    covered = "".join(raw[s:e] for s, e in spans)
    rest = list(raw)
    for s, e in spans:
        rest[s:e] = [" "] * (e - s)
    # What no span covers is blank once split into lines (line breaks themselves are not text).
    assert all(normalise_text(piece) == "" for piece in "".join(rest).splitlines()), (covered, rest)


@FAST
@given(pages)
def test_cleaning_never_invents_text(raw):
    check_spans(raw, clean_document(raw))


@FAST
@given(pages)
def test_cleaning_is_idempotent(raw):
    doc = clean_document(raw)
    again = clean_document(doc.text)
    assert [p.text for p in again.paragraphs] == [p.text for p in doc.paragraphs]


@FAST
@given(anything)
def test_cleaning_never_raises_on_arbitrary_unicode(raw):
    doc = clean_document(raw)
    check_spans(raw, doc)
    assert isinstance(doc.text, str)


def _plain_lines(raw):
    """_lines without its ASCII fast path: every line through normalise_text."""
    out, offset = [], 0
    for number, line in enumerate(raw.splitlines(keepends=True), start=1):
        body = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        stripped = body.strip()
        if stripped and normalise_text(stripped):
            lead = len(body) - len(body.lstrip())
            out.append((number, offset + lead, offset + lead + len(stripped), normalise_text(stripped)))
        offset += len(line)
    return out


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["Talks", "resumed", "in", "the", "city", "and", "with", "said,", "U.S.",
                                           "it's", "well-", "known", "—", "a.", "1.", "•", "É", "x^", "end."]),
                          st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f",
                                           "\u00a0", "\u2028", "\n\n"])), max_size=60))
def test_ascii_fast_paths_equal_the_plain_path(pieces):
    from corpus_analysis.clean import _ASCII_WORD, _WORD, _blocks, _lines, _segments, _strip_symbols

    raw = "".join(pieces)
    assert _lines(raw) == _plain_lines(raw)
    for number, start, end, text, words in _segments(raw):
        assert text == normalise_text(raw[start:end])
        if words is not None:
            assert words == (_ASCII_WORD if text.isascii() else _WORD).findall(text)
    for block in _blocks(raw, None):
        assert block.words == _WORD.findall(block.text)
        assert block.bullet == bool(re.match(r"^(?:[-–—•*·▪►●◦]|\d{1,2}[.)])\s+", block.text))
        assert block.terminal == bool(re.search(r"[.!?…]['\"”’»)\]]*$", _strip_symbols(block.text)))


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab1 -'.,", max_size=40), st.integers(min_value=1, max_value=8))
def test_word_limit_pattern_counts_as_findall(text, n):
    from corpus_analysis.clean import _ASCII_WORD, _ascii_words_at_least

    assert (_ascii_words_at_least(n).match(text) is not None) == (len(_ASCII_WORD.findall(text)) >= n)


def _eager_blocks(raw, stop, min_words=0):
    """_blocks measuring the shape of every block, however short."""
    return _blocks(raw, stop)


def _clean_eagerly(raw):
    from unittest import mock

    from corpus_analysis import clean

    with mock.patch.object(clean, "_blocks", _eager_blocks):
        return clean_document(raw)


def _same(doc, other):
    return (doc.title, doc.paragraphs, doc.removed, doc.dateline, doc.published, doc.byline, doc.credit,
            doc.captions) == (other.title, other.paragraphs, other.removed, other.dateline, other.published,
                              other.byline, other.credit, other.captions)


@FAST
@given(pages)
def test_shape_of_short_blocks_measured_on_demand_changes_nothing(raw):
    # The rules never read the density or title case of a block shorter than a
    # body paragraph (they read None there, and would raise), and the words of
    # such a block are case-folded when a rule needs them.
    assert _same(clean_document(raw), _clean_eagerly(raw))


def test_shape_on_demand_on_the_test_pages():
    from pathlib import Path

    for page in sorted((Path(__file__).parent / "pages").glob("*.txt")):
        if ".gold." not in page.name:
            raw = page.read_text(encoding="utf-8")
            assert _same(clean_document(raw), _clean_eagerly(raw)), page.name


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["you", "YOU", "Your", "yourſelf", "let's", "LET’S", "let", "’s", "“", "”", "\"",
                                 "the", "ferry", "x", "ſ", "İ", "\u212a", "you“", "”ou", " ", ",", "."]),
                max_size=30))
def test_reader_prefilter_equals_the_search(pieces):
    from corpus_analysis.clean import _QUOTED, _READER, _addresses_reader

    for text in ("".join(pieces), " ".join(pieces)):
        assert _addresses_reader(text) == bool(_READER.search(_QUOTED.sub(" ", text)))


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["March", "mar.", "3", "03", "2024", "٢٠٢٤", "١", "²", "Ⅻ", "rd", "th", "of", "-",
                                 " ", ",", "2024-03-05", "Sept", "x"]), max_size=12))
def test_dates_need_a_digit(pieces):
    # _parse_date skips text without a digit: no date pattern matches it.
    from corpus_analysis.clean import _DATE_PATTERNS, _DIGIT

    for text in ("".join(pieces), " ".join(pieces)):
        if _DIGIT.search(text) is None:
            assert not any(p.search(text) for p in _DATE_PATTERNS), text


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["the", "ferry", "said", "talks", "of"]), max_size=9), max_size=6))
def test_no_trigram_shared_when_every_trigram_of_the_page_is_distinct(blocks):
    # The repeat test builds a trigram set per block, and the trigrams shared
    # between blocks, only when some trigram of the page occurs twice.
    import itertools

    grams = [set(zip(w, w[1:], w[2:])) for w in blocks]
    seen, shared = set(), set()
    for g in grams:
        shared |= seen & g
        seen |= g
    positions = sum(len(w) - 2 for w in blocks if len(w) > 2)
    if len(set(itertools.chain.from_iterable(zip(w, w[1:], w[2:]) for w in blocks))) == positions:
        assert not shared


def _plain_topic_overlaps(bags, min_words):
    """_topic_overlaps as first written: a count for every stem, the largest and the ones read per bag."""
    from collections import Counter
    import itertools

    totals = Counter(itertools.chain.from_iterable(bags))
    topic_count = max(2, (len(bags) - 1) / 3)
    out = []
    for bag in bags:
        if not bag or len(bag) < min_words or max(map(totals.__getitem__, bag)) - 1 >= topic_count:
            out.append(None)
        else:
            counts = list(map(totals.__getitem__, bag))
            out.append((len(counts) - counts.count(1)) / len(bag))
    return out


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sets(st.sampled_from(["harbour", "ferri", "talk", "kyiv", "port", "storm", "vote", "a", "b"]),
                        max_size=7), max_size=14),
       st.sampled_from([0, 1, 2, 3, 10]))
def test_topic_overlaps_equal_the_counts_of_every_stem(bags, min_words):
    # Only the stems found in two bags or more are counted; the others count one.
    from corpus_analysis.clean import _topic_overlaps

    assert _topic_overlaps(bags, min_words) == _plain_topic_overlaps(bags, min_words)


@FAST
@given(pages, st.sampled_from([None, frozenset({"the", "and", "of", "don’t", "kyiv’s"})]))
def test_content_words_read_from_the_words_left_by_the_density(raw, stop):
    # _shape keeps the words that are not stop words; the coherence test reads
    # its content words from those when that drops no content word.
    from corpus_analysis.clean import _blocks, _case_folded, _content_stem, _content_words, read_cleaning_lexicon

    stop = stop or read_cleaning_lexicon().stopwords["en"]
    for block in _blocks(raw + "\nDon’t call Kyiv’s ferry the ferry’s.", stop):
        plain = {_content_stem(w, stop) for w in _case_folded(block.text, block.words)} - {None}
        assert _content_words(block, stop) == plain


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["Talks", "talks", "KYIV", "the", "Émile", "émile", "ǅemal", "Ⅻxyz", "1234", "x-ray",
                                 "O'Neil", "ßtraße", "Straße", "İstanbul", "a", "about", "Zeal", "zeal"]), max_size=12))
def test_title_case_share_counts_the_capitals_among_initials(words):
    from corpus_analysis.clean import _shape

    initials = [w[0] for w in words if len(w) > 3 and w[0].isalpha()]
    plain = sum(c.isupper() for c in initials) / len(initials) if initials else 0.0
    assert _shape(" ".join(words), words, None)[3] == plain


CHROME_WORDS = ["the", "and", "of", "with", "said", "Ferry", "talks", "harbour", "Share", "Sign in", "İstanbul",
                "straße", "Kyiv’s", "don't", "a-b", "“quoted”", "(x)", "'", "\"", "»", "•", "-", "1.", "12)",
                "—", "–", "|", "\t", "\u00a0", "\u3000", "  ", "a\u0301", "é", "\u200b", "Â", "ß", "x.y"]
CHROME_ENDS = ["", "", "", ".", "!", "?", ":", "…", ",", ",", "-", "—", ".”", "?)", "...", ":)", " .", " ”"]
chrome_line = st.builds(lambda lead, ws, end: lead + " ".join(ws) + end, st.sampled_from(["", " ", "\t", "\u00a0"]),
                        st.lists(st.sampled_from(CHROME_WORDS[:8] * 3 + CHROME_WORDS[8:]), min_size=0, max_size=10),
                        st.sampled_from(CHROME_ENDS))
chrome_newline = st.sampled_from(["\n"] * 8 + ["\n\n", "\r\n", "\r", "\n \n", "\u2028", "\x0b", "\x85"])
chrome_pages = st.builds(lambda ls, seps: "".join(l + s for l, s in zip(ls, seps)),
                         st.lists(chrome_line, min_size=0, max_size=25),
                         st.lists(chrome_newline, min_size=25, max_size=25))

# Hard-wrapped text: lines of a few words, mostly unfinished, so that short
# lines join one another and long ones, with and without a wrap width.
wrapped_line = st.builds(lambda lead, ws, end: lead + " ".join(ws) + end, st.sampled_from(["", "", " ", "\u3000"]),
                         st.lists(st.sampled_from(["the", "and", "of", "talks", "Ferry", "Kyiv", "Kyiv’s", "said",
                                                   "•", "1.", "a\u3000b", "“x”"]), min_size=1, max_size=9),
                         st.sampled_from(["", "", "", ",", ".", ":", "—"]))
wrapped_pages = st.builds("\n".join, st.lists(wrapped_line | st.just(""), min_size=3, max_size=20))


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chrome_pages | wrapped_pages | st.text(max_size=200), st.integers(min_value=1, max_value=10))
def test_short_block_keys_equal_the_blocks_of_segments(raw, limit):
    # The site-chrome count's fast path (lines read without building long
    # blocks) finds the keys the plain path finds from _segments.
    from corpus_analysis.clean import _plain_lines, _segment_keys, _short_block_keys

    if _plain_lines(raw):
        assert _short_block_keys(raw, limit) == _segment_keys(raw, limit)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab1 -'’.,İß\u0301_\t", max_size=40), st.integers(min_value=1, max_value=8))
def test_word_limit_pattern_counts_as_findall_in_any_text(text, n):
    from corpus_analysis.clean import _WORD, _words_at_least

    assert (_words_at_least(n).match(text) is not None) == (len(_WORD.findall(text)) >= n)


def test_short_block_keys_join_a_line_that_fills_the_wrap_width():
    # Three lines wrapped at ~50 characters give the page a wrap width; an
    # unfinished line that fills it continues on "Sign in", which is then no
    # short block of its own.
    from corpus_analysis.clean import _segment_keys, _short_block_keys

    wrapped = "the ferry and the talks of the harbour went on and\n" * 3
    raw = wrapped + ("the ferry and the talks went on.\n"
                     "Harbourmasters negotiated extraordinarily complicated agreements yesterday\nSign in")
    assert _short_block_keys(raw, 8) == _segment_keys(raw, 8) == set()
    short = raw.replace("Harbourmasters negotiated extraordinarily complicated agreements yesterday", "Tom met Ana today")
    assert _short_block_keys(short, 8) == {"tom met ana today", "sign in"}


# Hard-wrapped lines joined by any line end, with words that normalising
# changes (mojibake, zero-width, decomposed), so that a block of several lines
# is sometimes plain and sometimes not (NEL is a C1 control the repair reads).
wrapped_mixed_line = st.builds(lambda lead, ws, end: lead + " ".join(ws) + end,
                               st.sampled_from(["", "", " ", "\u3000", "\u00a0"]),
                               st.lists(st.sampled_from(["the", "and", "of", "talks", "Ferry", "Kyiv’s", "said", "•",
                                                         "1.", "a\u3000b", "“x”", "é", "e\u0301", "Â", "â€™",
                                                         "x\u200by", "\u0301", "İ"]), min_size=1, max_size=9),
                               st.sampled_from(["", "", "", ",", ".", ":", "—", " ", "\u00a0", " Â", " â€"]))
wrapped_mixed_pages = st.builds(lambda ls, seps: "".join(l + s for l, s in zip(ls, seps)),
                                st.lists(wrapped_mixed_line | st.just(""), min_size=3, max_size=20),
                                st.lists(st.sampled_from(["\n"] * 4 + ["\r\n", "\x85", "\x85", "\u2028", "\n \n", "\x0b"]),
                                         min_size=20, max_size=20))


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wrapped_mixed_pages | wrapped_pages | chrome_pages | pages | st.text(max_size=200))
def test_blocks_of_plain_lines_equal_those_of_normalised_lines(raw):
    # Lines and blocks whose normalising only folds white space
    # (_plain_lines) are read without normalise_text: the same blocks as when
    # every line is normalised and every joined block that is not ASCII too.
    from unittest import mock

    from corpus_analysis import clean

    def normalised_lines(raw):
        out = []
        offset = 0
        for number, line in enumerate(raw.splitlines(keepends=True), start=1):
            text = normalise_text(line.strip())
            if text:
                out.append((number, offset + len(line) - len(line.lstrip()), offset + len(line.rstrip()), text))
            offset += len(line)
        return out

    def shape(blocks):
        return [(b.line, b.start, b.end, b.raw, b.text, b.words) for b in blocks]

    assert clean._lines(raw) == normalised_lines(raw)
    # A block of several lines that are not all ASCII is its text normalised,
    # with the words of that (the words of a block of ASCII lines are those
    # of its lines, as before).
    for _, start, end, text, words in clean._segments(raw):
        if len(raw[start:end].splitlines()) > 1 and not text.isascii():
            assert text == normalise_text(raw[start:end])
            assert words is None or words == clean._find_words(text)
    fast = shape(clean._blocks(raw, None))
    with mock.patch.object(clean, "_plain_lines", lambda text: False), \
            mock.patch.object(clean, "_lines", normalised_lines):
        plain = shape(clean._blocks(raw, None))
    assert fast == plain


def test_every_white_space_but_the_space_is_unprintable():
    # _single_spaced reads "no white space but single spaces" from
    # str.isprintable: that holds for every code point.
    import sys

    assert [hex(c) for c in range(sys.maxunicode + 1)
            if chr(c).isspace() and chr(c) != " " and chr(c).isprintable()] == []


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(list("ab.’é\u0301\u200b") + [" ", "  ", "\t", "\x0b", "\x1f", "\x85", "\u00a0",
                                                                "\u2028", "\u3000", "\x00"]), max_size=40))
def test_single_spaced_text_folds_to_itself(pieces):
    from corpus_analysis.clean import _single_spaced

    text = "".join(pieces)
    # A sufficient test (text holding an unprintable character that is not
    # white space takes the slow path), never a wrong one.
    stripped = text.strip()
    if _single_spaced(stripped):
        assert " ".join(stripped.split()) == stripped


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(["Kyiv", "s", "it", "1", "'", "-", " ", " ", ".", ",", "_", "\t", "\x1c", "\x7f", "\""]),
                max_size=80).map("".join) | st.text(alphabet=st.characters(max_codepoint=127), max_size=120))
@example("the ferry's well-known route - to Kyiv -- 'said' officials-")
@example("the Kyiv--Moscow ferry's well-known route, officials said")
@example("-Kyiv ferry: the officials 'said the talks would resume")
def test_ascii_words_split_equal_findall(text):
    # _find_words splits ASCII text (of 32 characters or more) at the
    # characters that are no part of a word when every joiner joins; else it
    # runs the pattern.
    from corpus_analysis.clean import _ASCII_WORD, _find_words

    assert _find_words(text) == _ASCII_WORD.findall(text)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(["Kyiv", "s", "it", "1", "'", "’", "-", " ", ".", "“", "”", "—", "_", "é", "\u0301",
                                 "²", "\u00a0", "?", "Ж"]), max_size=80).map("".join) | st.text(max_size=120))
@example("Kyiv's “talks” and Kyiv’s talks, as the officials of Kyiv said on Monday")
@example("“Kyiv’s talks—1-2” resumed in the city and the officials said so")
@example("Київ і Kyiv — “talks”")
@example("the café in Kyiv where the officials said the talks would resume on Monday")
def test_words_split_equal_findall_in_any_text(text):
    # Mostly ASCII text whose other characters are no letters or digits is
    # split like ASCII text, "’" joining as "'" does (text of 64 characters or
    # more: shorter text is matched).
    from corpus_analysis.clean import _WORD, _find_words

    assert _find_words(text) == _WORD.findall(text)
