from corpus_analysis.clean import clean_corpus, clean_document
from corpus_analysis.io import load_corpus

from helpers import RAW


def test_every_nonblank_line_is_kept_or_recorded_as_removed():
    raw = "Menu\n\nTalks resume in Istanbul\nNegotiators from both sides met in Istanbul on Tuesday morning.\nShare\nShare\n"
    doc = clean_document(raw)
    kept = {(p.start, p.end) for p in doc.paragraphs}
    removed = {(r.start, r.end) for r in doc.removed}
    lines = [line for line in raw.splitlines() if line.strip()]
    assert len(kept) + len(removed) == len(lines)
    assert [r.rule for r in doc.removed] == ["short_line", "title", "short_line", "duplicate_line"]
    for span in doc.removed:
        assert raw[span.start:span.end] == span.text


def test_kept_paragraphs_map_to_raw_offsets():
    raw = "Headline here\r\n  Officials said the meeting would begin at noon on Wednesday.  \r\n"
    doc = clean_document(raw)
    assert [raw[p.start:p.end] for p in doc.paragraphs] == [p.text for p in doc.paragraphs]


def test_empty_body_is_flagged_not_dropped(tmp_path):
    (tmp_path / "a.txt").write_text("Share\nTweet\n", encoding="utf-8")
    documents, removed = clean_corpus(load_corpus(tmp_path))
    assert documents["empty_body"].tolist() == [True]
    assert documents["text"].tolist() == [""]
    assert len(removed) == 2


def test_seed_corpus_bodies_are_nonempty_and_titles_found():
    documents, removed = clean_corpus(load_corpus(RAW, RAW / "metadata.csv"))
    assert not documents["empty_body"].any()
    assert (documents["title"].str.len() > 10).all()
    assert set(removed["doc_id"]) == set(documents["doc_id"])
