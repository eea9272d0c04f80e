import pandas as pd

from corpus_analysis.cli import main

from helpers import write_corpus


def test_build_writes_documents_and_removed_spans(tmp_path, capsys):
    raw = write_corpus(tmp_path / "raw", {
        "x": "Menu\nTalks resume\nNegotiators met in Istanbul on Tuesday for a new round of talks.\n"})
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 0
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert documents.loc[0, "text"] == "Negotiators met in Istanbul on Tuesday for a new round of talks."
    assert documents.loc[0, "words"] == 12
    removed = pd.read_csv(tmp_path / "out" / "removed_spans.csv")
    assert removed["text"].tolist() == ["Menu", "Talks resume"]
    assert "1 documents, 12 words" in capsys.readouterr().out


def test_build_reports_bad_input_without_traceback(tmp_path, capsys):
    raw = write_corpus(tmp_path / "raw", {"bin": b"\x00\x01\x02"})
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "bin.txt: looks like a binary file" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "documents.parquet").exists()
