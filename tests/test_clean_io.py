"""Text handling at the boundary: encodings, line ends, bad input, and its path through cleaning."""

import pytest

from corpus_analysis.clean import clean_corpus
from corpus_analysis.errors import CorpusError
from corpus_analysis.io import decode_bytes, load_corpus
from corpus_analysis.pipeline import build_documents

from helpers import write_corpus

TITLE = "Ferry terminal to open in spring"
BODY = ["The harbour authority said on Monday that the new ferry terminal would open in the spring.",
        "Officials expect the terminal to handle two million passengers a year once the second berth is built.",
        "The ferry operator’s two new vessels for the route will be delivered next year, the company said."]


def test_cp1252_document_is_decoded_and_cleaned(tmp_path):
    text = TITLE + "\r\n\r\n" + "\r\n\r\n".join(BODY) + "\r\n"
    raw = write_corpus(tmp_path / "raw", {"w": text.encode("cp1252")})
    corpus = load_corpus(raw)
    assert corpus["raw_text"].iloc[0] == text
    documents, _ = clean_corpus(corpus)
    assert documents["text"].iloc[0] == "\n\n".join(BODY)


def test_utf16_with_bom_and_utf8_bom_are_decoded():
    assert decode_bytes(("\ufeff" + BODY[0]).encode("utf-16-le")) == BODY[0]
    assert decode_bytes(BODY[0].encode("utf-16")) == BODY[0]
    assert decode_bytes(b"\xef\xbb\xbf" + BODY[0].encode("utf-8")) == BODY[0]


def test_mojibake_in_utf8_file_is_repaired_with_offsets_into_the_file(tmp_path):
    broken = BODY[2].replace("’", "â€™")
    text = TITLE + "\n\n" + BODY[0] + "\n\n" + BODY[1] + "\n\n" + broken + "\n"
    raw = write_corpus(tmp_path / "raw", {"m": text})
    documents, _ = clean_corpus(load_corpus(raw))
    assert documents["text"].iloc[0] == "\n\n".join(BODY)


def test_random_bytes_are_not_text_in_any_encoding(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"noise": bytes([0xC3, 0x28, 0xFF, 0xFE, 0xFA, 0xF0, 0x9D, 0xE9]) * 8})
    with pytest.raises(CorpusError, match=r"noise.txt: not valid UTF-8 .* Re-save the file as UTF-8"):
        load_corpus(raw)


def test_control_characters_are_refused_as_binary(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"ctl": bytes(range(1, 9)) * 20 + b"text"})
    with pytest.raises(CorpusError, match=r"ctl.txt: looks like a binary file \(\d+ control characters"):
        load_corpus(raw)


def test_binary_html_file_is_named(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"pic.html": b"GIF89a\x01\x00\x01\x00\x00\xff\x00,"})
    with pytest.raises(CorpusError, match=r"pic.html: looks like a binary file"):
        load_corpus(raw)


def test_broken_utf16_is_named(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"half": b"\xff\xfeK\x00y"})
    with pytest.raises(CorpusError, match=r"half.txt: starts with a UTF-16-LE byte-order mark but is not valid"):
        load_corpus(raw)


def test_empty_body_document_is_a_flagged_row_through_the_pipeline(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"junk": "Menu\nShare\nAdvertisement\n",
                                          "good": TITLE + "\n\n" + "\n\n".join(BODY)})
    with pytest.warns(UserWarning, match="junk: no body text left after cleaning"):
        documents, removed = build_documents(raw, out_dir=tmp_path / "out")
    assert documents.set_index("doc_id")["empty_body"].to_dict() == {"good": False, "junk": True}
    assert documents.set_index("doc_id")["words"].to_dict()["junk"] == 0
    assert sorted(removed.loc[removed["doc_id"] == "junk", "rule"]) == ["advertisement", "share_buttons",
                                                                       "site_chrome"]
    assert (tmp_path / "out" / "removed_spans.csv").read_text(encoding="utf-8").startswith(
        "doc_id,line,start,end,text,rule\n")


def test_outputs_are_deterministic(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"a": TITLE + "\n\n" + "\n\n".join(BODY), "b": "Share\n" + BODY[0]})
    build_documents(raw, out_dir=tmp_path / "one")
    build_documents(raw, out_dir=tmp_path / "two")
    for name in ("documents.parquet", "removed_spans.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
