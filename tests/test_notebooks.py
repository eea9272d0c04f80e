"""End to end: papermill executes the notebooks on a small corpus in a temporary folder."""

import os
import shutil

import pandas as pd
import papermill
import pytest

from helpers import ROOT, write_corpus

pytestmark = pytest.mark.e2e

SMALL = {
    "a": "Front page\nKiev talks\nOfficials in Kiev said the talks in Istanbul would resume on Monday.\n"
         "A spokesman in Kyiv said the delegation had already arrived in Turkey.\n",
    "b": "Home\nTalks resume\nNegotiators from Kyiv and Moscow met in Istanbul on Tuesday for new talks.\n"
         "The Kremlin said no agreement was expected before the end of the week.\n",
}
META = ("doc_id,outlet,published,event,language,source_note\n"
        "a,Outlet A,2022-03-28,e1,en,invented\nb,Outlet B,2022-03-29,e1,en,invented\n")


def run(notebook, tmp_path, **params):
    out = tmp_path / "results"
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    env_nltk = os.environ.get("NLTK_DATA")
    papermill.execute_notebook(
        str(ROOT / "notebooks" / notebook), str(out / "notebooks" / notebook),
        parameters=params | {"out_dir": str(out), "processed_dir": str(tmp_path / "processed")},
        kernel_name="corpus-analysis", cwd=str(ROOT), progress_bar=False)
    assert env_nltk  # the kernel inherits NLTK_DATA pointing at the project's data only
    return out


def test_naming_notebook_on_a_small_corpus(tmp_path):
    raw = write_corpus(tmp_path / "raw", SMALL, META)
    out = run("01_naming_kyiv_share.ipynb", tmp_path, raw_dir=str(raw), metadata_path=str(raw / "metadata.csv"))
    for name in ("kyiv_share_by_outlet.pdf", "kyiv_share_by_outlet.png"):
        assert (out / "figures" / name).stat().st_size > 1000
    table = pd.read_csv(out / "tables" / "kyiv_share_by_outlet.csv").set_index("outlet")
    assert table.loc["Outlet A", ["preferred_mentions", "mentions"]].tolist() == [1, 2]
    assert table.loc["Outlet A", "share"] == pytest.approx(0.5)
    assert table.loc["Outlet B", "share"] == pytest.approx(1.0)
    documents = pd.read_parquet(tmp_path / "processed" / "documents.parquet")
    assert documents["doc_id"].tolist() == ["a", "b"] and documents.columns[0] == "doc_id"
    assert (out / "notebooks" / "01_naming_kyiv_share.ipynb").is_file()


def test_seed_corpus_notebook_matches_hand_counts(tmp_path):
    out = run("01_naming_kyiv_share.ipynb", tmp_path, raw_dir=str(ROOT / "data" / "raw"),
              metadata_path=str(ROOT / "data" / "raw" / "metadata.csv"))
    table = pd.read_csv(out / "tables" / "kyiv_share_by_document.csv").set_index("doc_id")
    # Counted by reading the articles: the 2022 article writes "Kiev" four times
    # and never "Kyiv"; the 2025 tabloid article writes "Kyiv" five times.
    assert table.loc["004_90d6acbfb0b09bcb", ["preferred_mentions", "mentions"]].tolist() == [0, 4]
    assert table.loc["001_81aa3053ce39fd38", ["preferred_mentions", "mentions"]].tolist() == [5, 5]
    first = (out / "figures" / "kyiv_share_by_outlet.png").read_bytes()
    shutil.rmtree(out / "figures")
    out2 = run("01_naming_kyiv_share.ipynb", tmp_path, raw_dir=str(ROOT / "data" / "raw"),
               metadata_path=str(ROOT / "data" / "raw" / "metadata.csv"))
    assert (out2 / "figures" / "kyiv_share_by_outlet.png").read_bytes() == first
