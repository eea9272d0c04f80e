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
