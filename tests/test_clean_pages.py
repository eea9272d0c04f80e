"""Invented test pages in several site styles, scored against hand-made gold bodies."""

import importlib.util

import pytest

from helpers import ROOT

PAGES = ROOT / "tests" / "pages"


def load_script():
    spec = importlib.util.spec_from_file_location("eval_cleaning", ROOT / "scripts" / "eval_cleaning.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def evaluation():
    return load_script()


def test_shingle_scores_by_hand(evaluation):
    # kept "a b c d" vs gold "b c d e" with 2-word shingles: kept {ab, bc, cd}, gold {bc, cd, de};
    # 2 common -> P = R = 2/3.
    p, r, f = evaluation.score_shingles("a b c d", "b c d e", n=2)
    assert (round(p, 4), round(r, 4), round(f, 4)) == (0.6667, 0.6667, 0.6667)
    # A paragraph kept twice is penalised: kept has 7 shingles (ab bc cd da ab bc cd), 3 match.
    p, r, _ = evaluation.score_shingles("a b c d a b c d", "a b c d", n=2)
    assert (round(p, 4), r) == (round(3 / 7, 4), 1.0)
    # Nothing kept of an empty gold body is perfect; nothing kept of a real body scores 0.
    assert evaluation.score_shingles("", "", n=2) == (1.0, 1.0, 1.0)
    assert evaluation.score_shingles("", "a b c", n=2) == (0.0, 0.0, 0.0)


def test_at_least_six_styles_with_gold():
    assert len(list(PAGES.glob("*.gold.txt"))) >= 6


def test_mean_f1_on_invented_pages_beats_keep_everything_and_085(evaluation):
    rows = evaluation.evaluate(PAGES, n=4, baseline=True)
    mean_f1 = sum(r["f1"] for r in rows) / len(rows)
    mean_base = sum(r["baseline_f1"] for r in rows) / len(rows)
    assert mean_f1 >= 0.85
    assert mean_f1 > mean_base + 0.1
    assert min(r["f1"] for r in rows) >= 0.7


def test_script_prints_per_page_and_mean(evaluation, capsys):
    assert evaluation.main([str(PAGES)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["page", "P", "R", "F1"]
    assert out[-1].startswith("mean")
    assert len(out) == 2 + len(list(PAGES.glob("*.gold.txt")))
