"""The per-document framing tables equal the pandas group-bys they were first written as."""

import pandas as pd
from hypothesis import given, settings, strategies as st

from corpus_analysis.measures.framing import (_SECTIONS, count_variants, find_framing, read_framing_lexicon,
                                              score_variant_shares)

LEXICON = read_framing_lexicon()
_FORMS = sorted({form for section in ("toponyms", "transliterations") for group in LEXICON[section].values()
                 for entry in group["variants"].values() for form in entry["forms"]})


def reference_count_variants(evidence, documents, lexicon, measures=("toponym", "transliteration")):
    sections = [s for s, m in _SECTIONS.items() if m in measures]
    index = pd.MultiIndex.from_tuples(
        [(d, _SECTIONS[s], g, v) for d in documents["doc_id"] for s in sections
         for g, spec in (lexicon.get(s) or {}).items() for v in spec["variants"]],
        names=["doc_id", "measure", "group", "variant"])
    hits = evidence[evidence["measure"].isin(measures)]
    counts = hits.groupby(["doc_id", "measure", "group", "variant"]).size()
    return counts.reindex(index, fill_value=0).astype("int64").rename("mentions").reset_index()


def reference_variant_shares(evidence, documents, lexicon, measures=None):
    if measures is None:
        measures = tuple(m for m in ("toponym", "transliteration") if (evidence["measure"] == m).any()) \
            or ("toponym",)
    counts = reference_count_variants(evidence, documents, lexicon, measures)
    preferred = {g: spec["preferred"] for s, m in _SECTIONS.items() if m in measures
                 for g, spec in (lexicon.get(s) or {}).items()}
    is_preferred = counts["variant"] == counts["group"].map(preferred)
    counts["preferred_mentions"] = counts["mentions"].where(is_preferred, 0)
    table = counts.groupby(["doc_id", "measure", "group"], sort=False)[["preferred_mentions", "mentions"]] \
        .sum().reset_index()
    table["preferred"] = table["group"].map(preferred)
    table["share"] = (table["preferred_mentions"] / table["mentions"]).where(table["mentions"] > 0)
    return table[["doc_id", "group", "preferred", "preferred_mentions", "mentions", "share", "measure"]]


_TEXT = st.lists(st.sampled_from(_FORMS + ["and", "the", "said", "."]), max_size=12).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", "d"]), _TEXT), max_size=4))
def test_spelling_tables_match_the_group_bys(docs):
    documents = pd.DataFrame({"doc_id": [d for d, _ in docs], "text": [t for _, t in docs]},
                             dtype="str" if docs else object)
    evidence = find_framing(documents, LEXICON)
    for measures in (("toponym",), ("transliteration",), ("toponym", "transliteration")):
        expected = reference_count_variants(evidence, documents, LEXICON, measures)
        got = count_variants(evidence, documents, LEXICON, measures)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
    expected = reference_variant_shares(evidence, documents, LEXICON)
    got = score_variant_shares(evidence, documents, LEXICON)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
