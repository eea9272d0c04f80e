"""End to end: the notebooks run under papermill (through the same runner as `make reproduce`)."""

import json
import os
import shutil
import subprocess

import pandas as pd
import pytest

from corpus_analysis.errors import CorpusError
from corpus_analysis.pipeline import build_documents
from corpus_analysis.reproduce import (NotebookFailed, collect_results, compare_manifests, render_report,
                                       run_notebook)

from helpers import RAW, ROOT, write_corpus

pytestmark = pytest.mark.e2e

NOTEBOOKS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
SMALL = {
    "a": "Front page\nKiev talks\nOfficials in Kiev said the talks in Istanbul would resume on Monday.\n"
         "A spokesman in Kyiv said the delegation had already arrived in Turkey.\n",
    "b": "Home\nTalks resume\nNegotiators from Kyiv and Moscow met in Istanbul on Tuesday for new talks.\n"
         "The Kremlin said no agreement was expected before the end of the week.\n",
}
META = ("doc_id,outlet,published,event,language,source_note\n"
        "a,Outlet A,2022-03-28,e1,en,invented\nb,Outlet B,2022-03-29,e1,en,invented\n")


def build(tmp_path, raw, metadata, name="results"):
    """What `make reproduce` does: processed data, every notebook, then the collected results."""
    processed, out = tmp_path / f"{name}-processed", tmp_path / name
    build_documents(raw, metadata, processed)
    settings = {"raw_dir": str(raw), "metadata_path": str(metadata) if metadata else None,
                "processed_dir": str(processed), "out_dir": str(out)}
    for notebook in NOTEBOOKS:
        run_notebook(ROOT / notebook, ROOT / "params.yaml", settings, progress=False)
    collect_results(out, NOTEBOOKS)
    return out


@pytest.fixture(scope="module")
def seed_results(tmp_path_factory):
    return build(tmp_path_factory.mktemp("seed"), RAW, RAW / "metadata.csv")


def test_every_notebook_has_a_parameters_cell_and_no_outputs():
    assert len(NOTEBOOKS) >= 3
    for notebook in NOTEBOOKS:
        cells = json.loads((ROOT / notebook).read_text(encoding="utf-8"))["cells"]
        assert sum("parameters" in c.get("metadata", {}).get("tags", []) for c in cells) == 1, notebook
        assert not any(c.get("outputs") for c in cells if c["cell_type"] == "code"), notebook


def test_small_corpus_end_to_end(tmp_path):
    raw = write_corpus(tmp_path / "raw", SMALL, META)
    out = build(tmp_path, raw, raw / "metadata.csv")
    table = pd.read_csv(out / "tables" / "kyiv_share_by_outlet.csv").set_index("outlet")
    assert table.loc["Outlet A", ["preferred_mentions", "mentions"]].tolist() == [1, 2]
    assert table.loc["Outlet A", "share"] == pytest.approx(0.5)
    assert table.loc["Outlet B", "share"] == pytest.approx(1.0)
    for name in ("kyiv_share_by_outlet.pdf", "kyiv_share_by_outlet.png"):
        assert (out / "figures" / name).stat().st_size > 1000
    values = json.loads((out / "values.json").read_text(encoding="utf-8"))
    assert values["kyiv_share Outlet A"]["value"] == 0.5
    assert values["documents"]["value"] == 2
    tex = (out / "values.tex").read_text(encoding="utf-8")
    assert "\\newcommand{\\KyivShareOutletA}{0.500}" in tex
    for notebook in NOTEBOOKS:
        assert (out / "notebooks" / notebook.split("/")[-1]).is_file()
    assert not (out / ".staging").exists()


def test_seed_corpus_results_match_hand_counts(seed_results):
    table = pd.read_csv(seed_results / "tables" / "kyiv_share_by_document.csv").set_index("doc_id")
    # Counted by reading the articles: the 2022 article writes "Kiev" four times
    # and never "Kyiv"; the 2025 tabloid article writes "Kyiv" five times.
    assert table.loc["004_90d6acbfb0b09bcb", ["preferred_mentions", "mentions"]].tolist() == [0, 4]
    assert table.loc["001_81aa3053ce39fd38", ["preferred_mentions", "mentions"]].tolist() == [5, 5]


def test_provenance_names_notebook_parameters_inputs_packages_commit(seed_results):
    provenance = json.loads((seed_results / "provenance.json").read_text(encoding="utf-8"))
    record = provenance["outputs"]["tables/kyiv_share_by_document.csv"]
    assert record["notebook"].endswith("03_naming_labelling.ipynb")
    notebook = provenance["notebooks"]["03_naming_labelling"]
    assert notebook["parameters_sha256"] == record["parameters_sha256"]
    assert any(k.endswith("004_90d6acbfb0b09bcb.txt") for k in notebook["inputs"])
    assert "textstat" in notebook["packages"] and notebook["git_commit"]


def test_two_builds_are_byte_identical_and_verify_names_a_changed_output(seed_results, tmp_path):
    again = build(tmp_path, RAW, RAW / "metadata.csv", name="again")
    assert compare_manifests(seed_results / "MANIFEST.sha256", again / "MANIFEST.sha256") == []
    manifest = (again / "MANIFEST.sha256").read_text(encoding="utf-8")
    assert "figures/kyiv_share_by_outlet.pdf" in manifest and "values.tex" in manifest
    table = again / "tables" / "corpus_overview.csv"
    table.write_text(table.read_text(encoding="utf-8") + "tampered\n", encoding="utf-8")
    collect_results(again, NOTEBOOKS)
    assert compare_manifests(seed_results / "MANIFEST.sha256", again / "MANIFEST.sha256") == \
        ["differs: tables/corpus_overview.csv"]


@pytest.mark.parametrize("override, message", [
    ({"colour": "red"}, "unknown parameter override(s) colour"),
    ({"seed": "abc"}, "parameter seed='abc' is not valid"),
])
def test_bad_parameters_fail_with_the_promised_message(tmp_path, override, message):
    with pytest.raises(CorpusError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run_notebook(ROOT / NOTEBOOKS[0], ROOT / "params.yaml", {"out_dir": str(tmp_path)} | override)


def test_missing_parameter_in_params_file(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text((ROOT / "params.yaml").read_text(encoding="utf-8").replace("seed:", "#seed:"),
                      encoding="utf-8")
    with pytest.raises(CorpusError, match=r"params.yaml: missing parameter\(s\) seed"):
        run_notebook(ROOT / NOTEBOOKS[0], params, {"out_dir": str(tmp_path)})


def test_failing_notebook_names_cell_and_leaves_no_output(tmp_path):
    # Point the notebook at a processed folder that does not exist: its read fails.
    out = tmp_path / "results"
    with pytest.raises(NotebookFailed, match=r"01_cleaning_report.ipynb: cell \d+ .*CorpusError.*documents.parquet"):
        run_notebook(ROOT / NOTEBOOKS[0], ROOT / "params.yaml",
                     {"out_dir": str(out), "processed_dir": str(tmp_path / "nothing")}, progress=False)
    assert not any(p.is_file() for p in out.rglob("*"))


def test_report_renders_in_a_headless_browser(seed_results, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        message = "Debian's chromium is needed for the report test: apt-get install chromium (.ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    index = render_report(seed_results)
    dom = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--allow-file-access-from-files",
         "--virtual-time-budget=10000", "--dump-dom", index.as_uri()],
        capture_output=True, text=True, timeout=120).stdout
    figures = len(list((seed_results / "figures").glob("*.png")))
    assert figures >= 2
    assert f'data-figures-loaded="{figures}/{figures}"' in dom
    for notebook in NOTEBOOKS:
        stem = notebook.split("/")[-1][:-6]
        assert f'href="{stem}.html"' in dom
        assert "<html" in (index.parent / f"{stem}.html").read_text(encoding="utf-8")[:2000].lower()
