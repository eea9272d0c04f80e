"""The per-document framing tables equal the pandas group-bys they were first written as."""

import pandas as pd
from hypothesis import given, settings, strategies as st

from corpus_analysis.measures.framing import (_SECTIONS, count_variants, find_framing, read_framing_lexicon,
                                              score_attribution, score_quotations, score_variant_shares)
from corpus_analysis.tokenize import count_words

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


def reference_attribution(evidence, documents, classes=("neutral", "distancing", "concessive", "emotive")):
    # score_attribution (by=None) as first written, with pandas' group-by.
    hits = evidence[(evidence["measure"] == "attribution") & (evidence["voice"] == "journalist")]
    classes = list(classes) + sorted(set(hits["group"]) - set(classes))
    table = hits.groupby(["doc_id", "group"]).size().unstack(fill_value=0) \
        .reindex(index=documents["doc_id"], columns=classes, fill_value=0).astype("int64")
    table = table.rename_axis(index="doc_id", columns=None).reset_index()
    table["attributions"] = table[classes].sum(axis=1).astype("int64")
    table["non_neutral"] = (table["attributions"] - table["neutral"]).astype("int64")
    table["non_neutral_share"] = (table["non_neutral"] / table["attributions"]).where(table["attributions"] > 0)
    return table[["doc_id", "attributions", "non_neutral", "non_neutral_share", *classes]]


def reference_quotations(documents, evidence):
    # score_quotations (by=None) as first written, with pandas' group-by.
    hits = evidence[evidence["measure"].isin(["quotation", "scare_quote"])].copy()
    hits["quoted_words"] = hits["matched"].map(count_words).astype("int64")
    hits["quotes"] = (hits["measure"] == "quotation").astype("int64")
    hits["attributed_quotes"] = ((hits["measure"] == "quotation") & (hits["target"] != "")).astype("int64")
    hits["scare_quotes"] = (hits["measure"] == "scare_quote").astype("int64")
    sums = ["quoted_words", "quotes", "attributed_quotes", "scare_quotes"]
    table = hits.groupby("doc_id")[sums].sum().reindex(documents["doc_id"], fill_value=0).astype("int64")
    table = table.rename_axis(index="doc_id").reset_index()
    words = pd.Series([count_words(t) for t in documents["text"]], index=documents["doc_id"], dtype="int64")
    table.insert(1, "words", table["doc_id"].map(words).astype("int64"))
    table["quoted_share"] = (table["quoted_words"] / table["words"]).where(table["words"] > 0)
    return table[["doc_id", "words", "quoted_words", "quoted_share", "quotes", "attributed_quotes", "scare_quotes"]]


_SPOKEN = st.lists(st.sampled_from(["Peskov", "Putin", "said", "claimed", "admitted", "scoffed", "he", "Kyiv",
                                    '"', "“", "”", "war", "the", ",", "."]), max_size=16).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", "d"]), _SPOKEN), max_size=4),
       st.sampled_from([("neutral", "distancing"), ("distancing", "neutral", "emotive", "concessive", "other")]))
def test_attribution_and_quotation_tables_match_the_group_bys(docs, classes):
    documents = pd.DataFrame({"doc_id": [d for d, _ in docs], "text": [t for _, t in docs]},
                             dtype="str" if docs else object)
    evidence = find_framing(documents, LEXICON)
    pd.testing.assert_frame_equal(score_attribution(evidence, documents, classes=classes),
                                  reference_attribution(evidence, documents, classes), check_exact=True)
    if documents["doc_id"].is_unique:
        pd.testing.assert_frame_equal(score_quotations(documents, evidence), reference_quotations(documents, evidence),
                                      check_exact=True)
