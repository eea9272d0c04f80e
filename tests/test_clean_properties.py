"""Properties of cleaning that must hold for any input (hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_analysis.clean import clean_document, normalise_text

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
