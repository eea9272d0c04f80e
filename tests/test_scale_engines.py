"""The Dask engine gives the same tables, byte for byte, as the pandas engine."""

import pandas as pd

from corpus_analysis.scale import TABLES, read_results, run_corpus
from corpus_analysis.synth import generate_corpus


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.*"))}


def test_pandas_and_dask_engines_write_identical_tables(tmp_path):
    corpus = generate_corpus(30, seed=11)
    # One malformed row, so that rejected.csv is compared too.
    corpus.loc[4, "published"] = "2022-02-30"
    corpus.to_parquet(tmp_path / "c.parquet", index=False)
    pandas_run = run_corpus(tmp_path / "c.parquet", tmp_path / "pandas", batch_size=7)
    dask_run = run_corpus(tmp_path / "c.parquet", tmp_path / "dask", engine="dask", workers=2, batch_size=7,
                          cluster_options={"processes": False})
    assert (pandas_run.documents, pandas_run.words, pandas_run.batches) == \
        (dask_run.documents, dask_run.words, dask_run.batches) == (29, pandas_run.words, 5)
    assert dask_run.rejected["row"].tolist() == [5]
    for table in TABLES:
        pd.testing.assert_frame_equal(read_results(tmp_path / "pandas", table),
                                      read_results(tmp_path / "dask", table))
    assert _files(tmp_path / "pandas") == _files(tmp_path / "dask")


def test_dask_workers_reading_parquet_find_ids_repeated_across_batches(tmp_path):
    # Two files, row groups of 4 rows, batches of 3: batches cross row groups
    # and files; ids repeat within a batch, across batches and across files,
    # and one repeat also has a bad date.
    first = generate_corpus(14, seed=5)
    second = generate_corpus(6, seed=6, start=14)
    first.loc[5, "doc_id"] = first.loc[1, "doc_id"]      # a later batch of the same file
    first.loc[7, "doc_id"] = first.loc[6, "doc_id"]      # the same batch
    second.loc[0, "doc_id"] = first.loc[12, "doc_id"]    # the next file
    second.loc[3, ["doc_id", "published"]] = [first.loc[2, "doc_id"], "2022-02-30"]
    first.to_parquet(tmp_path / "a.parquet", index=False, row_group_size=4)
    second.to_parquet(tmp_path / "b.parquet", index=False, row_group_size=4)
    inputs = [tmp_path / "a.parquet", tmp_path / "b.parquet"]
    pandas_run = run_corpus(inputs, tmp_path / "pandas", batch_size=3)
    dask_run = run_corpus(inputs, tmp_path / "dask", engine="dask", workers=2, batch_size=3,
                          cluster_options={"processes": False})
    assert pandas_run.rejected["row"].tolist() == [6, 8, 1, 4]
    assert pandas_run.rejected["reason"].str.contains("already seen").tolist() == [True, True, True, False]
    assert pandas_run.documents == dask_run.documents == 16
    pd.testing.assert_frame_equal(pandas_run.rejected, dask_run.rejected)
    assert _files(tmp_path / "pandas") == _files(tmp_path / "dask")


def test_a_parquet_batch_read_alone_is_the_rows_the_stream_reads(tmp_path):
    from corpus_analysis.scale import _parquet_part, _records_parquet

    generate_corpus(23, seed=2).to_parquet(tmp_path / "c.parquet", index=False, row_group_size=5)
    records = list(_records_parquet(tmp_path / "c.parquet", 4))[1:]
    parts = [row for k in range(6) for row in _parquet_part(tmp_path / "c.parquet", k, 4)]
    assert parts == records and len(records) == 23


def test_dask_workers_read_a_relative_parquet_path_and_record_it_as_given(tmp_path, monkeypatch):
    generate_corpus(9, seed=8).to_parquet(tmp_path / "c.parquet", index=False)
    monkeypatch.chdir(tmp_path)
    pandas_run = run_corpus("c.parquet", "pandas", batch_size=4)
    dask_run = run_corpus("c.parquet", "dask", engine="dask", workers=1, batch_size=4,
                          cluster_options={"processes": False})
    assert pandas_run.documents == dask_run.documents == 9
    assert set(read_results("dask", "documents")["path"]) == {"c.parquet"}
    assert _files(tmp_path / "pandas") == _files(tmp_path / "dask")


def test_dask_engine_with_a_csv_input_read_by_the_client(tmp_path):
    # Not Parquet: the client reads the batches (twice: site chrome, then
    # analysis) and sends them to the workers.
    corpus = generate_corpus(20, seed=13)
    corpus.loc[3, "published"] = "2022-02-30"
    corpus.loc[9, "doc_id"] = corpus.loc[2, "doc_id"]
    corpus.to_csv(tmp_path / "c.csv", index=False)
    pandas_run = run_corpus(tmp_path / "c.csv", tmp_path / "pandas", batch_size=6)
    dask_run = run_corpus(tmp_path / "c.csv", tmp_path / "dask", engine="dask", workers=2, batch_size=6,
                          cluster_options={"processes": False})
    assert pandas_run.rejected["row"].tolist() == [4, 10]
    assert pandas_run.documents == dask_run.documents == 18
    assert _files(tmp_path / "pandas") == _files(tmp_path / "dask")
