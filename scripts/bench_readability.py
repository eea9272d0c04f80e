"""Time score_readability against calling textstat's functions one by one.

Usage: python scripts/bench_readability.py [n_documents] [seed]

Builds ``n_documents`` distinct documents (so textstat's per-text cache cannot
serve one document's results to another) by shuffling the sentences of the
seed corpus with a seeded generator, loads the CMU dictionary once for both
paths, then times (1) the batch path once with an empty word-type cache,
(2) every index and count through textstat's public functions, document by
document, (3) the batch path with a warm cache (it also counts the package's
own sentences and words), (4) its textstat part alone, and (5) hedging
evidence and rates on the same documents.  Prints the times and ratios.  Not a test: timings depend on the machine.
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

    def best(run, repeats=3) -> float:
        # The minimum of a few runs: the least disturbed by other work on the machine.
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        return min(times)

    texts = documents["text"].tolist()
    start = time.perf_counter()
    score_readability(documents)
    cold_seconds = time.perf_counter() - start          # empty word-type cache
    # textstat's own caches hold 128 entries, too few to carry results over 300 documents.
    textstat_seconds = best(lambda: via_textstat(texts))
    batch_seconds = best(lambda: score_readability(documents))
    counts_seconds = best(lambda: [_indices(count_readability(t)) for t in texts])

    from corpus_analysis.measures.hedging import find_hedges, rate_hedges, read_hedging_lexicon

    lexicon = read_hedging_lexicon()
    find_seconds = best(lambda: find_hedges(documents, lexicon))
    evidence = find_hedges(documents, lexicon)
    rate_seconds = best(lambda: rate_hedges(evidence, documents, lexicon))

    print(f"{n} documents, {words} tokens (best of 3 runs unless noted)")
    print(f"textstat, function by function:      {textstat_seconds:.3f} s")
    print(f"score_readability, first run:        {cold_seconds:.3f} s (empty word-type cache)")
    print(f"score_readability, warm cache:       {batch_seconds:.3f} s")
    print(f"  textstat's counts and indices only: {counts_seconds:.3f} s")
    print(f"ratio: {textstat_seconds / cold_seconds:.1f}x (first run), {textstat_seconds / batch_seconds:.1f}x "
          f"(warm), {textstat_seconds / counts_seconds:.1f}x (textstat part alone)")
    print(f"find_hedges: {find_seconds:.3f} s; rate_hedges: {rate_seconds:.3f} s")


if __name__ == "__main__":
    main()
