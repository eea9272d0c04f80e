"""Batch readers, the pandas engine and the `run` command."""

import json
import re

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus_analysis.cli import main
from corpus_analysis.errors import CorpusError
from corpus_analysis.pipeline import analyse_partition, build_documents
from corpus_analysis.scale import TABLES, iter_batches, read_results, run_corpus
from corpus_analysis.synth import generate_corpus

from helpers import write_corpus

GOOD = "Officials in Kyiv said on Monday that the talks would resume next week."  # 13 words
OTHER = "The ministers from Kiev and Kyiv met again, and the talks went on for hours."  # 15 words


def test_analyse_partition_measures_one_row_per_document():
    corpus = pd.DataFrame({"doc_id": ["b", "a"], "outlet": ["Y", "X"], "raw_text": [
        f"Home\n{OTHER}\nShare\n", f"Menu\n{GOOD}\n"]})
    out = analyse_partition(corpus)
    assert set(out) == {"documents", "removed", "evidence", "measures"}
    measures = out["measures"]
    assert measures.columns[0] == "doc_id"
    assert measures["doc_id"].tolist() == ["a", "b"]
    assert measures["words"].tolist() == [13, 15]
    # a: Kyiv once -> share 1; b: Kiev once, Kyiv once -> 1/2.
    assert measures["kyiv_mentions"].tolist() == [1, 2]
    assert measures["kyiv_share"].tolist() == [1.0, 0.5]
    toponyms = out["evidence"][out["evidence"]["measure"] == "toponym"]
    assert toponyms["doc_id"].tolist() == ["a", "b", "b"]
    # Every lexicon family writes to the same evidence table.
    assert {"toponym", "attribution"} <= set(out["evidence"]["measure"])
    assert out["removed"]["text"].tolist() == ["Menu", "Home", "Share"]


def test_document_without_toponym_has_empty_share_not_zero():
    corpus = pd.DataFrame({"doc_id": ["a"], "raw_text": [
        "The committee met on Tuesday and agreed to publish its report in June."]})
    row = analyse_partition(corpus)["measures"].iloc[0]
    assert row["kyiv_mentions"] == 0 and pd.isna(row["kyiv_share"])


def test_csv_jsonl_and_parquet_inputs_give_the_same_measures(tmp_path):
    rows = [{"id": "n1", "body": GOOD, "source": "X", "date": "2022-03-01"},
            {"id": "n2", "body": OTHER, "source": "Y", "date": "2022-03-02"}]
    frame = pd.DataFrame(rows)
    frame.to_csv(tmp_path / "c.csv", index=False)
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    frame.to_parquet(tmp_path / "c.parquet", index=False)
    options = dict(text_column="body", id_column="id", columns={"source": "outlet", "date": "published"})
    results = {}
    for name in ("c.csv", "c.jsonl", "c.parquet"):
        run_corpus(tmp_path / name, tmp_path / f"out-{name}", **options)
        results[name] = read_results(tmp_path / f"out-{name}", "measures")
        documents = read_results(tmp_path / f"out-{name}", "documents")
        assert documents["outlet"].tolist() == ["X", "Y"]
        assert documents["published"].tolist() == ["2022-03-01", "2022-03-02"]
        assert documents["source_row"].tolist() == [1, 2]
    assert results["c.csv"]["kyiv_share"].tolist() == [1.0, 0.5]
    pd.testing.assert_frame_equal(results["c.csv"], results["c.jsonl"])
    pd.testing.assert_frame_equal(results["c.csv"], results["c.parquet"])


def test_malformed_csv_rows_are_reported_with_row_number_and_the_rest_goes_on(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"doc_id,outlet,published,text\n"
                     + f"a,X,2022-03-01,{GOOD}\n".encode()
                     + b"b,X,2022-03-01,\n"                                  # row 2: no text
                     + f"c,X,2022-13-01,{GOOD}\n".encode()                   # row 3: month 13
                     + b"d,X,2022-03-01,Bad byte \xff in the middle of this sentence.\n"  # row 4
                     + b"e,X,2022-03-01\n"                                   # row 5: a field short
                     + f'f,Y,2022-03-02,"{OTHER}"\n'.encode()
                     + f'a,Y,2022-03-02,"{OTHER}"\n'.encode())               # row 7: repeated id
    summary = run_corpus(path, tmp_path / "out", batch_size=2)
    assert summary.documents == 2
    assert read_results(tmp_path / "out", "measures")["doc_id"].tolist() == ["a", "f"]
    rejected = pd.read_csv(tmp_path / "out" / "rejected.csv", keep_default_na=False)
    assert rejected["row"].tolist() == [2, 3, 4, 5, 7]
    assert set(rejected["source"]) == {str(path)}
    assert rejected["doc_id"].tolist() == ["b", "c", "d", "", "a"]
    reasons = rejected["reason"].tolist()
    assert reasons[0] == "missing text"
    assert "published '2022-13-01' is not a date" in reasons[1]
    assert "undecodable byte" in reasons[2] and "column 'text'" in reasons[2]
    assert "3 fields where the header has 4" in reasons[3]
    assert "doc_id 'a' already seen" in reasons[4]
    described = summary.describe()
    assert "5 input rows rejected" in described and "missing text" in described


def test_malformed_jsonl_lines_and_parquet_rows(tmp_path):
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_bytes(json.dumps({"doc_id": "a", "text": GOOD}).encode() + b"\n"
                      + b'{"doc_id": "b", "text": "unterminated\n'
                      + b"\n"
                      + b'{"doc_id": "c", "text": "caf\xe9 talks"}\n'
                      + json.dumps({"doc_id": "d", "text": None}).encode() + b"\n"
                      + json.dumps({"doc_id": "e", "text": OTHER}).encode() + b"\n")
    table = pa.table({"doc_id": ["p", "q", "r"], "text": [GOOD, None, OTHER]})
    parquet = tmp_path / "c.parquet"
    pq.write_table(table, parquet)
    summary = run_corpus([jsonl, parquet], tmp_path / "out", batch_size=2)
    assert read_results(tmp_path / "out", "measures")["doc_id"].tolist() == ["a", "e", "p", "r"]
    rejected = summary.rejected
    assert list(zip(rejected["source"], rejected["row"])) == [
        (str(jsonl), 2), (str(jsonl), 4), (str(jsonl), 5), (str(parquet), 2)]
    assert "not valid JSON" in rejected["reason"][0]
    assert "undecodable byte" in rejected["reason"][1]
    assert rejected["reason"][2] == rejected["reason"][3] == "missing text"


def test_second_read_takes_the_first_reads_judgement_and_gives_the_same_batches(tmp_path):
    # A run reads every batch twice (site chrome, then analysis); the second
    # read skips the rows the first rejected and checks no row again.  Its
    # batches must be those of a read that checks everything.
    from corpus_analysis.scale import _Checks, _read_batches

    csv = tmp_path / "big.csv"
    csv.write_bytes(b"id,source,published,body\n"
                    + f"a,X,2022-03-01,{GOOD}\n".encode()
                    + b"b,X,2022-03-01,\n"
                    + f"c,X,2022-13-01,{GOOD}\n".encode()
                    + b"d,X,2022-03-01,Bad byte \xff here.\n"
                    + b"e,X,2022-03-01\n"
                    + f'f,Y, 2022-03-02 ," {OTHER} "\n'.encode()
                    + f'a,Y,2022-03-02,"{OTHER}"\n'.encode())
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_bytes(json.dumps({"id": "g", "body": GOOD}).encode() + b"\n"
                      + b'{"id": "h", "body": "unterminated\n'
                      + json.dumps({"id": "f", "body": OTHER, "extra": 1}).encode() + b"\n"
                      + json.dumps({"id": " i ", "body": OTHER, "source": None}).encode() + b"\n")
    parquet = tmp_path / "c.parquet"
    pq.write_table(pa.table({"id": ["p", "q", "g", "r"], "body": [GOOD, None, OTHER, OTHER.encode()],
                             "source": ["X", "Y", "X", b"\xff"]}), parquet)
    folder = tmp_path / "folder"
    write_corpus(folder, {"a": GOOD, "s": OTHER})
    inputs = [csv, folder, jsonl, parquet]
    options = {"batch_size": 2, "text_column": "body", "id_column": "id", "columns": {"source": "outlet"}}
    checks = _Checks()
    first = list(_read_batches(inputs, checks=checks, **options))
    second = list(_read_batches(inputs, checks=checks.replaying(), **options))
    plain = list(iter_batches(inputs, **options))
    assert [b.index for b in second] == [b.index for b in plain] == list(range(len(plain)))
    for got in (first, second):
        for batch, want in zip(got, plain, strict=True):
            pd.testing.assert_frame_equal(batch.corpus, want.corpus)
            assert batch.rejected == want.rejected
    # CSV b, c, d, e and the second a; folder a; JSON Lines h and f; Parquet q, g and r.
    assert sum(len(b.rejected) for b in plain) == 11


@given(st.text(st.sampled_from("ab é’\U0001f600\ud7ff\ud800\udbff\udc00\udfff\ue000"), max_size=12))
def test_an_undecodable_character_is_found_where_a_search_finds_it(text):
    # _RowChecker.check finds surrogates by encoding; a search must agree.
    from pathlib import Path

    from corpus_analysis.scale import _RowChecker

    checker = _RowChecker(Path("c.jsonl"), ["id", "text"], text_column="text", id_column="id", columns={},
                          text_format="txt", seen=set(), max_bytes=1000)
    good, bad = checker.check(1, {"doc_id": "a", "raw_text": "Talks " + text})
    found = re.search("[\ud800-\udfff]", "Talks " + text)
    if found:
        assert good is None and bad[3] == f"column 'text': undecodable byte at character {found.start()} (not UTF-8)"
    else:
        assert bad is None and good["raw_text"] == "Talks " + text


def test_a_batch_frame_has_the_dtypes_of_one_built_from_records():
    from pathlib import Path

    from corpus_analysis.scale import _RowChecker

    for header, published in ((["id", "text", "published", "desk"], "2022-03-01"), (["id", "text", "desk"], None)):
        checker = _RowChecker(Path("c.csv"), header, text_column="text", id_column="id", columns={},
                              text_format="txt", seen=set(), max_bytes=1000)
        rows = [checker.check(i, {"doc_id": doc_id, "raw_text": text, "published": published, "desk": desk})[0]
                for i, (doc_id, text, desk) in enumerate([("a", GOOD, "Kyiv"), ("b", "Café talks", "")], start=1)]
        for some in (rows, rows[:1], []):
            expected = pd.DataFrame.from_records(some, columns=checker.out_columns, exclude=["raw_text"])
            expected["raw_text"] = pd.Series([r["raw_text"] for r in some], dtype=object)
            expected["source_row"] = expected["source_row"].astype("int64")
            expected["published"] = expected["published"].astype("string").replace("", pd.NA)
            pd.testing.assert_frame_equal(checker.frame(some), expected)
            assert checker.frame(some).dtypes.equals(expected.dtypes)


def test_a_file_that_changes_between_the_two_reads_is_an_error(tmp_path):
    from corpus_analysis.scale import _Checks, _read_batches

    path = tmp_path / "c.csv"
    path.write_text(f"doc_id,text\na,{GOOD}\nb,{GOOD}\n", encoding="utf-8")
    checks = _Checks()
    list(_read_batches(path, checks=checks))
    path.write_text(f"doc_id,text\na,{GOOD}\nb,{GOOD},extra\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="changed while the run was reading it"):
        list(_read_batches(path, checks=checks.replaying()))
    path.write_text(f"doc_id,text\na,{GOOD}\nb,{GOOD}\nc,{GOOD}\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="changed while the run was reading it"):
        list(_read_batches(path, batch_size=2, checks=checks.replaying()))


def test_missing_text_column_names_the_file_and_the_option(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("doc_id,body\na,Talks resume.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c\.csv: no text column 'text'.*--text-column"):
        list(iter_batches(path))


def test_rows_without_id_column_get_file_and_row_ids(tmp_path):
    path = tmp_path / "wire.csv"
    path.write_text(f'text\n{GOOD}\n"{OTHER}"\n', encoding="utf-8")
    batch = next(iter_batches(path))
    assert batch.corpus["doc_id"].tolist() == ["wire-1", "wire-2"]


def test_batch_boundaries_change_nothing(tmp_path):
    corpus = generate_corpus(40, seed=7)
    corpus.to_parquet(tmp_path / "c.parquet", index=False)
    one = run_corpus(tmp_path / "c.parquet", tmp_path / "one", batch_size=40)
    seven = run_corpus(tmp_path / "c.parquet", tmp_path / "seven", batch_size=6)
    assert (one.batches, seven.batches) == (1, 7)
    assert (one.documents, one.words) == (seven.documents, seven.words) == (40, one.words)
    for table in TABLES:
        pd.testing.assert_frame_equal(read_results(tmp_path / "one", table),
                                      read_results(tmp_path / "seven", table))
    assert (tmp_path / "one" / "measures.parquet").read_bytes() == \
        (tmp_path / "seven" / "measures.parquet").read_bytes()
    # And the same as analysing the whole corpus in memory at once.
    whole = analyse_partition(corpus.rename(columns={"text": "raw_text"}))["measures"]
    pd.testing.assert_frame_equal(read_results(tmp_path / "one", "measures"), whole)


def test_rerun_gives_byte_identical_parts_and_removes_stale_ones(tmp_path):
    generate_corpus(12, seed=3).to_parquet(tmp_path / "c.parquet", index=False)
    run_corpus(tmp_path / "c.parquet", tmp_path / "out", batch_size=4)
    first = {p.relative_to(tmp_path): p.read_bytes() for p in sorted((tmp_path / "out").rglob("*.*"))}
    run_corpus(tmp_path / "c.parquet", tmp_path / "out", batch_size=12)
    assert len(list((tmp_path / "out" / "measures").glob("part-*"))) == 1
    run_corpus(tmp_path / "c.parquet", tmp_path / "out", batch_size=4)
    again = {p.relative_to(tmp_path): p.read_bytes() for p in sorted((tmp_path / "out").rglob("*.*"))}
    assert first == again


def test_folder_input_matches_build_documents(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"a": f"Menu\n{GOOD}\n", "b": f"{OTHER}\nShare\n",
                                          "c": b"\x00\x01binary"},
                       "doc_id,outlet,published\na,X,2022-03-01\nb,Y,2022-03-02\nc,Y,2022-03-03\n")
    summary = run_corpus(raw, tmp_path / "out", batch_size=1)
    assert summary.rejected[["doc_id", "row"]].values.tolist() == [["c", 0]]
    assert "binary" in summary.rejected["reason"][0]
    (raw / "c.txt").unlink()
    (raw / "metadata.csv").write_text("doc_id,outlet,published\na,X,2022-03-01\nb,Y,2022-03-02\n")
    expected, _ = build_documents(raw, raw / "metadata.csv")
    documents = read_results(tmp_path / "out", "documents")
    assert documents["text"].tolist() == expected["text"].tolist()
    assert documents["words"].tolist() == expected["words"].tolist() == [13, 15]


def test_run_command_prints_summary(tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text(f"doc_id,text\na,{GOOD}\nb,\n", encoding="utf-8")
    assert main(["run", "--input", str(path), "--out", str(tmp_path / "out"), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "1 documents, 13 words" in out
    assert "1 input rows rejected" in out and "missing text" in out
    assert pd.read_parquet(tmp_path / "out" / "measures.parquet")["doc_id"].tolist() == ["a"]


def test_run_command_maps_columns_and_reports_bad_options(tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text(f"id,body,date\na,{GOOD},2022-03-01\n", encoding="utf-8")
    assert main(["run", "--input", str(path), "--out", str(tmp_path / "out"), "--no-progress",
                 "--text-column", "body", "--id-column", "id", "--column", "date=published"]) == 0
    assert read_results(tmp_path / "out", "documents")["published"].tolist() == ["2022-03-01"]
    assert main(["run", "--input", str(path), "--out", str(tmp_path / "out"), "--column", "date"]) == 2
    assert "--column date: write it as SOURCE=NAME" in capsys.readouterr().err
    assert main(["run", "--input", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "out")]) == 2
    assert "nope.csv: input not found" in capsys.readouterr().err


def test_parquet_dates_and_integer_ids_are_read_as_text(tmp_path):
    import datetime

    table = pa.table({"doc_id": [7, 8], "text": [GOOD, OTHER],
                      "published": [datetime.datetime(2022, 3, 1), datetime.datetime(2022, 3, 2, 15, 30)]})
    pq.write_table(table, tmp_path / "c.parquet")
    summary = run_corpus(tmp_path / "c.parquet", tmp_path / "out")
    documents = read_results(tmp_path / "out", "documents")
    assert documents[["doc_id", "published"]].values.tolist() == [["7", "2022-03-01"]]
    assert summary.rejected[["row", "doc_id"]].values.tolist() == [[2, "8"]]
    assert "published '2022-03-02T15:30:00' is not a date" in summary.rejected["reason"][0]


def test_unreadable_input_leaves_previous_results_in_place(tmp_path):
    good = tmp_path / "c.csv"
    good.write_text(f"doc_id,text\na,{GOOD}\n", encoding="utf-8")
    run_corpus(good, tmp_path / "out")
    bad = tmp_path / "d.csv"
    bad.write_text("doc_id,body\na,Talks.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="no text column"):
        run_corpus(bad, tmp_path / "out")
    assert read_results(tmp_path / "out", "measures")["doc_id"].tolist() == ["a"]


def test_a_batch_with_nothing_removed_keeps_the_table_schema(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(f'doc_id,text\na,"Menu\n{GOOD}"\nb,"{OTHER}"\n', encoding="utf-8")
    run_corpus(path, tmp_path / "out", batch_size=1)
    parts = sorted((tmp_path / "out" / "removed").glob("part-*.parquet"))
    schemas = [pq.read_schema(p).remove_metadata() for p in parts]
    assert len(parts) == 2 and schemas[0] == schemas[1]
    removed = read_results(tmp_path / "out", "removed")
    assert removed[["doc_id", "text", "start"]].values.tolist() == [["a", "Menu", 0]]
    assert removed["start"].dtype == "int64"


def test_merged_measure_table_is_sorted_and_independent_of_the_parts(tmp_path, monkeypatch):
    # Small merge settings, so that parts are read in slices, merged in rounds
    # and written in several row groups.
    import numpy as np

    from corpus_analysis import scale

    monkeypatch.setattr(scale, "_MERGE_FAN_IN", 3)
    monkeypatch.setattr(scale, "_MERGE_GROUP_ROWS", 5)
    monkeypatch.setattr(scale, "_MERGE_SCRATCH_GROUP_ROWS", 3)
    monkeypatch.setattr(scale, "_MERGE_BUFFER_ROWS", 8)
    rng = np.random.default_rng(4)
    ids = [f"d{n:03d}" for n in rng.permutation(200)[:47]] + ["Z", "é-1", "a"]
    frame = pd.DataFrame({"doc_id": ids, "words": np.arange(len(ids), dtype="int64"),
                          "share": rng.random(len(ids)), "flag": rng.random(len(ids)) > 0.5})
    written = {}
    for cuts in ([0, 50], [0, 7, 8, 20, 33, 41, 50], list(range(0, 51, 2))):
        folder = tmp_path / f"parts-{len(cuts)}"
        folder.mkdir()
        parts = []
        for k, (a, b) in enumerate(zip(cuts, cuts[1:])):
            part = folder / f"part-{k:05d}.parquet"
            frame.iloc[a:b].sort_values("doc_id").to_parquet(part, index=False)
            parts.append(part)
        out = scale.merge_sorted_parts(parts, folder / "merged.parquet")
        written[len(cuts)] = out.read_bytes()
        merged = pd.read_parquet(out)
        pd.testing.assert_frame_equal(merged, frame.sort_values("doc_id").reset_index(drop=True))
        # No scratch files are left beside the result.
        assert sorted(p.name for p in folder.iterdir()) == sorted([p.name for p in parts] + ["merged.parquet"])
    assert len(set(written.values())) == 1


def test_analysing_a_batch_leaves_the_garbage_collector_as_it_found_it(monkeypatch):
    # The collector is paused during a batch (pipeline._collector_paused) and
    # must come back on, also when the batch fails, and stay off if it was off.
    import gc
    import threading

    from corpus_analysis import pipeline

    corpus = pd.DataFrame({"doc_id": ["a"], "raw_text": ["Officials in Kyiv said the talks would resume on Monday."]})
    assert gc.isenabled()
    seen = []
    real = pipeline._analyse

    def spy(*args):
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(pipeline, "_analyse", spy)
    analyse_partition(corpus)
    assert seen == [False] and gc.isenabled()

    def fail(*args):
        raise RuntimeError("stage failed")

    monkeypatch.setattr(pipeline, "_analyse", fail)
    with pytest.raises(RuntimeError):
        analyse_partition(corpus)
    assert gc.isenabled()

    gc.disable()
    try:
        monkeypatch.setattr(pipeline, "_analyse", spy)
        analyse_partition(corpus)
        assert not gc.isenabled()
    finally:
        gc.enable()

    # Two batches at once in threads of one process: on again only after both.
    entered, both_in, release = [], threading.Event(), threading.Event()
    lock = threading.Lock()

    def slow(*args):
        with lock:
            entered.append(1)
            if len(entered) == 2:
                both_in.set()
        release.wait(30)
        return real(*args)

    monkeypatch.setattr(pipeline, "_analyse", slow)
    threads = [threading.Thread(target=analyse_partition, args=(corpus,)) for _ in range(2)]
    for t in threads:
        t.start()
    assert both_in.wait(30) and not gc.isenabled()
    release.set()
    for t in threads:
        t.join()
    assert gc.isenabled()
