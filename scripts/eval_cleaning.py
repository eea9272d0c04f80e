"""Score the cleaning stage against hand-made gold bodies by word-shingle overlap.

Each test page ``tests/pages/NAME.txt`` (or ``NAME.html``) has a gold body
``tests/pages/NAME.gold.txt`` written by hand: the article text a reader would
call the story, nothing else.  The cleaned body and the gold body are both cut
into overlapping word n-grams (shingles, Broder 1997); precision is the share
of the kept shingles found in the gold body, recall the share of the gold
shingles kept (multiset counts, so a paragraph kept twice is penalised).

Usage::

    python scripts/eval_cleaning.py [PAGES_DIR] [--n 4] [--baseline]

``--baseline`` also scores keeping every line of the page, the floor any
cleaner must beat.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from corpus_analysis.clean import clean_document, extract_html_text, normalise_text  # noqa: E402
from corpus_analysis.io import read_text  # noqa: E402

_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
DEFAULT_PAGES = ROOT / "tests" / "pages"


def shingles(text: str, n: int = 4) -> Counter:
    """Multiset of the word n-grams of ``text`` (case-folded, normalised).

    Examples
    --------
    >>> sorted(shingles("The talks began. The talks", n=2).items())
    [(('began', 'the'), 1), (('talks', 'began'), 1), (('the', 'talks'), 2)]
    """
    words = [w.casefold().replace("’", "'") for w in _TOKEN.findall(normalise_text(text))]
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def score_shingles(kept: str, gold: str, n: int = 4) -> tuple[float, float, float]:
    """Shingle precision, recall and F1 of ``kept`` against ``gold``.

    Examples
    --------
    >>> p, r, f = score_shingles("a b c d e", "a b c d e f g h", n=2)
    >>> round(p, 3), round(r, 3), round(f, 3)
    (1.0, 0.571, 0.727)
    """
    k, g = shingles(kept, n), shingles(gold, n)
    common = sum((k & g).values())
    precision = common / sum(k.values()) if k else (1.0 if not g else 0.0)
    recall = common / sum(g.values()) if g else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(pages: Path = DEFAULT_PAGES, n: int = 4, baseline: bool = False) -> list[dict]:
    """One row per page: name, precision, recall, f1 (and the keep-everything baseline)."""
    rows = []
    for gold_path in sorted(pages.glob("*.gold.txt")):
        name = gold_path.name[: -len(".gold.txt")]
        page = next((p for p in (pages / f"{name}.txt", pages / f"{name}.html", pages / f"{name}.htm")
                     if p.is_file()), None)
        if page is None:
            raise FileNotFoundError(f"{gold_path}: no page {name}.txt or {name}.html beside it")
        raw = read_text(page)
        text = extract_html_text(raw) if page.suffix != ".txt" else raw
        gold = read_text(gold_path)
        p, r, f = score_shingles(clean_document(text).text, gold, n)
        row = {"page": page.name, "precision": p, "recall": r, "f1": f}
        if baseline:
            row["baseline_f1"] = score_shingles(text, gold, n)[2]
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="?", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--n", type=int, default=4, help="shingle length in words (default 4)")
    parser.add_argument("--baseline", action="store_true", help="also score keeping every line")
    args = parser.parse_args(argv)
    rows = evaluate(args.pages, args.n, args.baseline)
    if not rows:
        print(f"{args.pages}: no *.gold.txt files", file=sys.stderr)
        return 1
    head = f"{'page':28s} {'P':>6s} {'R':>6s} {'F1':>6s}" + (f" {'keep-all F1':>12s}" if args.baseline else "")
    print(head)
    for row in rows:
        line = f"{row['page']:28s} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f}"
        if args.baseline:
            line += f" {row['baseline_f1']:12.3f}"
        print(line)
    mean = {k: sum(r[k] for r in rows) / len(rows) for k in rows[0] if k != "page"}
    line = f"{'mean':28s} {mean['precision']:6.3f} {mean['recall']:6.3f} {mean['f1']:6.3f}"
    if args.baseline:
        line += f" {mean['baseline_f1']:12.3f}"
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
