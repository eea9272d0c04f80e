"""`scripts/bench.py` runs end to end on a tiny corpus (a smoke test, not a timing)."""

import importlib.util
import json

from helpers import ROOT


def test_bench_script_runs_and_checks_readability_and_engines(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--docs", "12", "--batch-size", "5", "--workers", "1", "--memory-mb", "--rounds", "2",
                       "--work", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "bench.json").read_text())
    assert set(report["runs"]) == {"baseline", "pandas", "dask-1"}
    assert all(r["documents"] == 12 for r in report["runs"].values())
    # Two rounds: each configuration ran twice and the median round is reported.
    assert report["rounds"] == 2
    assert all(len(r["rounds_docs_per_s"]) == 2 and r["docs_per_s"] in r["rounds_docs_per_s"]
               for r in report["runs"].values())
    # Every readability column of the measure table equals textstat's own value.
    assert report["readability"]
    assert all(v["equal"] == v["documents"] == 12 for v in report["readability"].values())
    assert report["engines_identical"] == {"dask-1": True}
    out = capsys.readouterr().out
    assert "| (b) | package, pandas engine, 1 process |" in out
    assert "(b) against (a) in each round: " in out
