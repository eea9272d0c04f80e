import pandas as pd
import pytest

from corpus_analysis.io import load_corpus, read_metadata, verify_checksums, write_table
from corpus_analysis.errors import CorpusError

from helpers import RAW, write_corpus

BODY = "Negotiators from Kyiv and Moscow met in Istanbul on Tuesday for talks.\n"
META = "doc_id,outlet,published,event,language,source_note\n"


def test_seed_corpus_loads_with_metadata():
    corpus = load_corpus(RAW, RAW / "metadata.csv")
    assert list(corpus.columns[:6]) == ["doc_id", "outlet", "published", "event", "language", "source_note"]
    assert len(corpus) == 5
    assert corpus["doc_id"].is_unique and corpus["doc_id"].is_monotonic_increasing
    assert set(corpus["event"]) == {"istanbul_2022_03", "istanbul_2025_05", "istanbul_2025_07"}
    # Every raw text is exactly the file's bytes, decoded.
    for path, text in zip(corpus["path"], corpus["raw_text"]):
        assert text.encode("utf-8") == open(path, "rb").read()


def test_seed_metadata_gives_evidence_for_every_row():
    meta = read_metadata(RAW / "metadata.csv")
    assert (meta["source_note"].str.len() > 40).all()
    assert meta["published"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()


def test_seed_raw_files_match_shared_corpus_checksums():
    verify_checksums(RAW)


def test_without_metadata_outlet_is_unknown(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"b": BODY, "a": BODY})
    corpus = load_corpus(raw)
    assert corpus["doc_id"].tolist() == ["a", "b"]
    assert (corpus["outlet"] == "unknown").all()


@pytest.mark.parametrize("metadata, message", [
    (META + "a,X,2022-03-28,e,en,\nzz,X,2022-03-28,e,en,\n", "doc_id 'zz' has no file"),
    (META + "a,X,2022-03-28,e,en,\n", "b.txt: no row in"),
    (META + "a,X,2022-03-28,e,en,\na,Y,2022-03-28,e,en,\nb,X,2022-03-28,e,en,\n", "doc_id 'a' appears more than once (lines 2, 3)"),
    ("doc_id,published\na,2022-03-28\nb,2022-03-28\n", "missing column(s) outlet"),
    (META + "a,X,28/03/2022,e,en,\nb,X,2022-03-28,e,en,\n", "line 2 (doc_id 'a'): published '28/03/2022' is not an ISO date"),
    (META + "a,X,2022-03-28,e\nb,X,2022-03-28,e,en,\n", "line 2: 4 fields where the header has 6"),
    ("", "metadata file is empty"),
])
def test_metadata_errors_name_the_file_row_and_fix(tmp_path, metadata, message):
    raw = write_corpus(tmp_path / "raw", {"a": BODY, "b": BODY}, metadata)
    with pytest.raises(CorpusError) as info:
        load_corpus(raw, raw / "metadata.csv")
    assert message in str(info.value)
    assert "metadata.csv" in str(info.value) or ".txt" in str(info.value)


def test_metadata_not_utf8(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"a": BODY})
    (raw / "metadata.csv").write_bytes(b"doc_id,outlet,published\na,Caf\xe9,2022-03-28\n")
    with pytest.raises(CorpusError, match=r"metadata.csv: not valid UTF-8.*Save the metadata file as UTF-8"):
        read_metadata(raw / "metadata.csv")


def test_undecodable_document_is_named(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"good": BODY, "bad": b"Talks in Kyiv \xff\xfe\xfa end."})
    with pytest.raises(CorpusError, match=r"bad.txt: not valid UTF-8 \(undecodable byte 0xff at offset 14\)"):
        load_corpus(raw)


def test_binary_document_is_refused(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"image": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"})
    with pytest.raises(CorpusError, match=r"image.txt: looks like a binary file"):
        load_corpus(raw)


def test_huge_document_is_refused(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"dump": BODY * 100})
    with pytest.raises(CorpusError, match=r"dump.txt: 7,[0-9]{3} bytes, above the limit of 1,000"):
        load_corpus(raw, max_bytes=1000)


def test_utf8_bom_is_accepted(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"bom": "\ufeff" + BODY})
    assert load_corpus(raw)["raw_text"].iloc[0] == BODY


def test_empty_document_is_kept_with_a_warning(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"empty": "  \n", "full": BODY})
    with pytest.warns(UserWarning, match="empty.txt: document is empty"):
        corpus = load_corpus(raw)
    assert corpus["doc_id"].tolist() == ["empty", "full"]


def test_changed_raw_file_is_refused(seed_raw):
    target = sorted(seed_raw.glob("*.txt"))[2]
    target.write_text(target.read_text(encoding="utf-8") + "edited", encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"{target.name}: SHA-256 differs from .*SHA256SUMS"):
        load_corpus(seed_raw, seed_raw / "metadata.csv")


def test_unlisted_raw_file_is_refused(seed_raw):
    (seed_raw / "extra.txt").write_text(BODY, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"extra.txt: not listed in"):
        verify_checksums(seed_raw)


def test_missing_raw_folder(tmp_path):
    with pytest.raises(CorpusError, match=r"raw folder not found"):
        load_corpus(tmp_path / "nowhere")


def test_write_table_is_atomic_on_failure(tmp_path):
    target = tmp_path / "t.csv"
    write_table(pd.DataFrame({"a": [1]}), target)
    before = target.read_bytes()
    with pytest.raises(ValueError):
        write_table(pd.DataFrame({"a": [2]}), tmp_path / "t.xlsx")
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]
