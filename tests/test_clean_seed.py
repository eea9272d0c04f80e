"""The seed corpus: junk gone, every body sentence kept once, titles and metadata lines found.

The expected body lines were read off the five raw files by hand (line
numbers in the raw file).  Junk strings live here, in the tests, never in the
cleaning code.
"""

import re

import pytest

from corpus_analysis.clean import clean_document
from corpus_analysis.io import load_corpus
from corpus_analysis.tokenize import split_sentences

from helpers import RAW

BODY_LINES = {
    "000_dedcd91f26c1ac09": [8, 10, 13, 16, 18, 21, 23, 25, 28, 30],
    "001_81aa3053ce39fd38": [2, 3] + list(range(9, 21)),
    "002_25088e8a1091c971": [11, 13, 15, 17, 21, 23, 25, 27, 29, 31],
    "003_a57663075a4a7264": [7, 9, 13, 15, 17, 19, 21, 23, 25, 27, 29],
    "004_90d6acbfb0b09bcb": list(range(7, 44, 2)),
}
TITLES = {
    "000_dedcd91f26c1ac09": "Ukraine and Russia Plan Peace Talks in Turkey This Week",
    "001_81aa3053ce39fd38": "Ukraine, Russia to hold peace talks in Turkey, Zelensky says",
    "002_25088e8a1091c971": "Ukraine, Russia Set to Resume Talks in Türkiye",
    "003_a57663075a4a7264": "Russia, Ukraine to Resume Direct Peace Talks After Over Three-Year Hiatus",
    "004_90d6acbfb0b09bcb": "Russia, Ukraine to resume peace talks in Turkey as fighting rages on",
}
JUNK = ["Politics", "logo", "Related News", "adv", "ads via", "Netflix", "subscription required",
        "smart TV", "login details", "With Post wires", "viral video", "Breaking News", "Dark", "Light",
        "Also Read", "Central Bank", "Author", "Leave a Reply", "email address", "Don't Miss", "Liberation Leaders",
        "Mizengo", "Steel Trade Mission", "Read more", "Facebook", "Twitter", "LinkedIn", "Pinterest", "WhatsApp",
        "News \u00a0/", "(Photo by Reuters)", "alternate addresses", "www.presstv.ir", "SHARE THIS ARTICLE",
        "Roku"]


@pytest.fixture(scope="module")
def seed():
    corpus = load_corpus(RAW, RAW / "metadata.csv")
    return {row.doc_id: (row.raw_text, clean_document(row.raw_text)) for row in corpus.itertuples()}


@pytest.mark.parametrize("doc_id", sorted(BODY_LINES))
def test_body_is_exactly_the_hand_marked_lines(seed, doc_id):
    raw, doc = seed[doc_id]
    lines = raw.splitlines()
    expected = [" ".join(lines[n - 1].split()) for n in BODY_LINES[doc_id]]
    assert [p.text for p in doc.paragraphs] == expected
    assert doc.title == TITLES[doc_id]


@pytest.mark.parametrize("doc_id", sorted(BODY_LINES))
def test_no_junk_and_every_sentence_once(seed, doc_id):
    _, doc = seed[doc_id]
    for junk in JUNK:
        assert not re.search(rf"(?<!\w){re.escape(junk)}(?!\w)", doc.text), junk
    sentences = [doc.text[s:e] for s, e in split_sentences(doc.text)]
    assert len(sentences) == len(set(sentences))


def test_standfirst_kept_once_in_body_and_dateline_found(seed):
    _, doc = seed["002_25088e8a1091c971"]
    standfirst = "Those meetings led to limited but notable outcomes, including a prisoner swap"
    assert doc.text.count(standfirst) == 1
    assert [r.rule for r in doc.removed if r.text.startswith(standfirst)] == ["repeated_text"]
    assert doc.published == "2025-07-22"


def test_wire_credit_is_credit(seed):
    _, doc = seed["001_81aa3053ce39fd38"]
    assert doc.credit == "With Post wires"
    assert "With Post wires" not in doc.text


def test_caption_and_repeated_title(seed):
    _, doc = seed["004_90d6acbfb0b09bcb"]
    assert len(doc.captions) == 1 and doc.captions[0].endswith("(Photo by Reuters)")
    _, doc = seed["003_a57663075a4a7264"]
    assert [r.rule for r in doc.removed].count("repeated_title") == 1


def test_off_topic_spam_is_removed_by_coherence(seed):
    _, doc = seed["001_81aa3053ce39fd38"]
    off = [r.text[:20] for r in doc.removed if r.rule == "off_topic"]
    assert off == ["Claim your free work", "Let’s be honest—no m"]
