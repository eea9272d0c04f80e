import math

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_analysis.errors import LexiconError
from corpus_analysis.lexicon import default_lexicon_path
from corpus_analysis.measures.evidence import EVIDENCE_COLUMNS
from corpus_analysis.measures.hedging import (_compile, count_voice_words, find_hedges, rate_group_hedges,
                                              rate_hedges, read_hedging_lexicon,
                                              score_hedging_by_sentence)
from corpus_analysis.tokenize import count_words, find_quotes

LEXICON = read_hedging_lexicon()


def hits(text: str) -> list[tuple[str, str, str]]:
    """(category, entry, matched) of every hit in ``text``, in text order."""
    evidence = find_hedges(pd.DataFrame({"doc_id": ["t"], "text": [text]}), LEXICON)
    return list(zip(evidence["group"], evidence["variant"], evidence["matched"]))


# --- one hand-counted text per category -------------------------------------------

def test_relational_hedges():
    assert hits("The talks might fail, and perhaps they will; a deal is unlikely.") == [
        ("hedge_relational", "might", "might"), ("hedge_relational", "perhaps", "perhaps"),
        ("hedge_relational", "unlikely", "unlikely")]


def test_relational_hedges_multiword_and_first_person():
    assert hits("The data suggests a shift. It appears to be over, I think.") == [
        ("hedge_relational", "suggests", "suggests"), ("hedge_relational", "appears to", "It appears"),
        ("hedge_relational", "I think", "I think")]


def test_propositional_hedges():
    assert hits("The plan was somewhat vague and largely ignored.") == [
        ("hedge_propositional", "somewhat", "somewhat"), ("hedge_propositional", "largely", "largely")]


def test_boosters():
    assert hits("The result is clearly and undoubtedly final. Of course, it was.") == [
        ("booster", "clearly", "clearly"), ("booster", "undoubtedly", "undoubtedly"),
        ("booster", "of course", "Of course")]


def test_approximators():
    assert hits("About 300 people came; nearly half left after around $5 million was lost.") == [
        ("approximator", "about", "About"), ("approximator", "nearly", "nearly"),
        ("approximator", "around", "around")]


def test_attribution():
    assert hits("According to officials, the bridge allegedly collapsed, sources said.") == [
        ("attribution", "according to", "According to"), ("attribution", "allegedly", "allegedly"),
        ("attribution", "sources said", "sources said")]


def test_an_entry_in_two_categories_gives_one_row_in_each():
    assert hits("The minister reportedly resigned.") == [
        ("attribution", "reportedly", "reportedly"), ("hedge_relational", "reportedly", "reportedly")]


# --- disambiguation rules ------------------------------------------------------------

def test_may_the_month_is_not_a_hedge():
    assert hits("The vote in May may be delayed.") == [("hedge_relational", "may", "may")]
    assert hits("May 5 was chosen for the vote.") == []
    assert hits("Officials met on 5 May. Talks resumed in mid-May.") == []
    assert hits("Prime Minister Alma May said nothing.") == []  # a surname, capitalised mid-sentence
    assert hits('May the talks succeed. "May I add something," she asked.') == [
        ("hedge_relational", "may", "May"), ("hedge_relational", "may", "May")]


def test_about_is_an_approximator_only_before_a_quantity():
    assert hits("They talked about the plan for about 20 minutes.") == [("approximator", "about", "about")]
    assert hits("Some people left; some 2,000 stayed for about a dozen days.") == [
        ("approximator", "some", "some"), ("approximator", "about", "about")]
    assert hits("It was almost over and nearly everyone agreed.") == []
    assert hits("Police searched around the town.") == []


def test_could_past_ability_and_negation_are_not_hedges():
    text = ("Residents could hear gunfire. Officials could not be reached. He could only remember "
            "the date. Prices could rise next year.")
    assert hits(text) == [("hedge_relational", "could", "could")]
    evidence = find_hedges(pd.DataFrame({"doc_id": ["t"], "text": [text]}), LEXICON)
    assert evidence.loc[0, "sentence"] == "Prices could rise next year."


def test_negated_boosters_are_reported_separately():
    assert hits("It is not certain that talks will resume.") == [("booster_negated", "certain", "certain")]
    assert hits("He isn't clearly wrong, and nobody definitely knows.") == [
        ("booster_negated", "clearly", "clearly"), ("booster_negated", "definitely", "definitely")]
    # The negator after the booster, or in another clause, does not negate it.
    assert hits("He was certainly not alone. No, clearly they met.") == [
        ("booster", "certainly", "certainly"), ("booster", "clearly", "clearly")]


def test_certain_and_sure_boost_only_as_predicates():
    assert hits("Certain conditions must be met. Make sure the doors are locked.") == []
    assert hits("She is sure. We are absolutely certain, and they feel sure.") == [
        ("booster", "sure", "sure"), ("booster", "certain", "certain"), ("booster", "sure", "sure")]
    assert hits("She isn't sure.") == [("booster_negated", "sure", "sure")]
    assert hits("We know for sure. Nobody knows for sure.") == [
        ("booster", "for sure", "for sure"), ("booster_negated", "for sure", "for sure")]


def test_might_the_noun_is_not_a_hedge():
    assert hits("Its military might grew. The might of the army is real. Talks might resume.") == [
        ("hedge_relational", "might", "might")]


def test_rather_than_and_would_rather_are_not_hedges():
    assert hits("They chose to talk rather than wait. I would rather stay. The plan is rather weak.") == [
        ("hedge_propositional", "rather", "rather")]


def test_kind_of_as_a_type_noun_is_not_a_hedge():
    assert hits("This kind of attack is rare. It was kind of odd.") == [
        ("hedge_propositional", "kind of", "kind of")]


def test_longest_entry_wins_and_matches_do_not_overlap():
    # "to a certain extent" is one propositional hedge, not also the booster "certain".
    assert hits("They agreed to a certain extent.") == [
        ("hedge_propositional", "to some extent", "to a certain extent")]
    # "sources close to" is attribution; the approximator "close to" does not also fire.
    assert hits("Sources close to 300 delegates spoke.") == [("attribution", "sources said", "Sources close to")]


def test_matching_is_case_insensitive_whole_word_and_accepts_curly_apostrophes():
    assert hits("PERHAPS. It’s possible. Perhapsy mayor unlikelyhood.") == [
        ("hedge_relational", "perhaps", "PERHAPS"), ("hedge_relational", "it is possible", "It’s possible")]
    assert hits("It is\npossibly true.") == [("hedge_relational", "possibly", "possibly")]


def test_every_form_without_a_rule_is_found_in_a_neutral_sentence():
    for category, group in LEXICON["entries"].items():
        for entry, spec in group.items():
            if spec.get("rule"):
                continue
            for form in spec["forms"]:
                found = hits(f"Yesterday {form} tomorrow.")
                assert (category, str(entry), form) in [(c if c != "booster_negated" else "booster", e, m)
                                                         for c, e, m in found], (category, form, found)


# --- evidence and voice -----------------------------------------------------------------

TEXT = ("Officials said the talks may fail. “We will certainly win, perhaps soon,” the minister said.\n\n"
        "Nothing else happened.")


def test_evidence_rows_are_traceable_to_the_text_and_carry_the_voice():
    documents = pd.DataFrame({"doc_id": ["d1"], "text": [TEXT]})
    evidence = find_hedges(documents, LEXICON)
    assert tuple(evidence.columns) == EVIDENCE_COLUMNS
    assert (evidence["measure"] == "hedging").all()
    for row in evidence.itertuples():
        assert TEXT[row.start:row.end] == row.matched
    assert list(zip(evidence["variant"], evidence["voice"])) == [
        ("may", "journalist"), ("certainly", "quoted"), ("perhaps", "quoted")]


def test_voice_word_counts_hand_counted():
    # Journalist: "Officials said the talks may fail." (6) + "the minister said." (3)
    # + "Nothing else happened." (3); quoted: "We will certainly win, perhaps soon," (6).
    assert count_voice_words(TEXT) == (12, 6)
    assert count_voice_words("No quotes here.") == (3, 0)
    assert count_voice_words("") == (0, 0)


def _voice_words_span_by_span(text: str) -> tuple[int, int]:
    """count_voice_words by its definition: count_words over each quotation and each gap."""
    spans = [(q.start, q.end) for q in find_quotes(text)]
    quoted = sum(count_words(text[s:e]) for s, e in spans)
    outside, cursor = 0, 0
    for s, e in spans:
        outside += count_words(text[cursor:s])
        cursor = e
    return outside + count_words(text[cursor:]), quoted


_QUOTE_TEXT = st.lists(st.one_of(
    st.sampled_from(['"', "“", "”", "„", "«", "»", " ", "  ", "\n", "\n\n", ".", ",", "'", "’", "-", "—",
                     "U.S.", "3.5", "1,000", "Kyiv's", "don’t", "cease-fire", "a", "Mr.", "said", "é"]),
    st.text(max_size=4)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_QUOTE_TEXT)
def test_voice_word_counts_equal_counting_span_by_span(text):
    assert count_voice_words(text) == _voice_words_span_by_span(text)


def test_rates_per_1000_words_by_voice():
    documents = pd.DataFrame({"doc_id": ["d1"], "text": [TEXT]})
    rates = rate_hedges(find_hedges(documents, LEXICON), documents, LEXICON)
    table = rates.set_index(["category", "voice"])
    assert table.loc[("hedge_relational", "journalist"), ["hits", "words"]].tolist() == [1, 12]
    assert table.loc[("hedge_relational", "journalist"), "per_1k"] == pytest.approx(1000 / 12)
    assert table.loc[("hedge_relational", "quoted"), "per_1k"] == pytest.approx(1000 / 6)
    assert table.loc[("hedge", "all"), ["hits", "words"]].tolist() == [2, 18]
    assert table.loc[("booster", "quoted"), "hits"] == 1
    assert table.loc[("booster", "journalist"), "per_1k"] == 0.0
    categories = {"hedge_relational", "hedge_propositional", "booster", "booster_negated",
                  "approximator", "attribution", "hedge"}
    assert set(rates["category"]) == categories
    assert len(rates) == len(categories) * 3


def test_rates_are_group_bys_of_the_evidence():
    documents = pd.DataFrame({"doc_id": ["a", "b"], "text": [TEXT, "It may rain. It might not."]})
    evidence = find_hedges(documents, LEXICON)
    rates = rate_hedges(evidence, documents, LEXICON)
    for (doc_id, category, voice), row in rates.set_index(["doc_id", "category", "voice"]).iterrows():
        groups = ["hedge_relational", "hedge_propositional"] if category == "hedge" else [category]
        mask = (evidence["doc_id"] == doc_id) & evidence["group"].isin(groups)
        if voice != "all":
            mask &= evidence["voice"] == voice
        assert row["hits"] == mask.sum()
    pivot = rates.pivot_table(index=["doc_id", "category"], columns="voice", values=["hits", "words"])
    assert (pivot["hits"]["all"] == pivot["hits"]["journalist"] + pivot["hits"]["quoted"]).all()
    assert (pivot["words"]["all"] == pivot["words"]["journalist"] + pivot["words"]["quoted"]).all()


def test_rate_without_quotations_is_missing_not_zero():
    documents = pd.DataFrame({"doc_id": ["a"], "text": ["It may rain."]})
    rates = rate_hedges(find_hedges(documents, LEXICON), documents, LEXICON)
    quoted = rates[(rates["category"] == "hedge") & (rates["voice"] == "quoted")].iloc[0]
    assert quoted["words"] == 0 and math.isnan(quoted["per_1k"])


def test_outlet_rates_pool_documents():
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
                              "text": ["It may rain today.", "Perhaps. Nothing more to report here today.",
                                       "Clearly."]})
    rates = rate_hedges(find_hedges(documents, LEXICON), documents, LEXICON)
    pooled = rate_group_hedges(rates, documents).set_index(["outlet", "category", "voice"])
    row = pooled.loc[("X", "hedge", "all")]
    # 2 hedges in 4 + 7 words.
    assert (row["documents"], row["hits"], row["words"]) == (2, 2, 11)
    assert row["per_1k"] == pytest.approx(2000 / 11)
    assert pooled.loc[("Y", "booster", "all"), "hits"] == 1


def test_per_sentence_table():
    documents = pd.DataFrame({"doc_id": ["a"], "text": ["It may rain. It will clearly rain. Perhaps it might."]})
    table = score_hedging_by_sentence(find_hedges(documents, LEXICON), documents, LEXICON)
    assert table[["sentence", "words", "hedge_relational", "hedge", "booster"]].values.tolist() == [
        [0, 3, 1, 1, 0], [1, 4, 0, 0, 1], [2, 3, 2, 2, 0]]


def test_empty_documents_and_no_hits():
    documents = pd.DataFrame({"doc_id": ["a", "b"], "text": ["", "Nothing to see."]})
    evidence = find_hedges(documents, LEXICON)
    assert evidence.empty and tuple(evidence.columns) == EVIDENCE_COLUMNS
    rates = rate_hedges(evidence, documents, LEXICON)
    assert (rates["hits"] == 0).all()
    assert score_hedging_by_sentence(evidence, documents, LEXICON)["doc_id"].tolist() == ["b"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("May may could about 12 not certain “”\". ,\n'’-")), max_size=80))
def test_any_text_gives_consistent_evidence(text):
    documents = pd.DataFrame({"doc_id": ["h"], "text": [text]})
    evidence = find_hedges(documents, LEXICON)
    for row in evidence.itertuples():
        assert text[row.start:row.end] == row.matched
    assert evidence.equals(find_hedges(documents, LEXICON))  # deterministic


# --- lexicon validation ---------------------------------------------------------------

def _write(tmp_path, data) -> str:
    path = tmp_path / "hedging.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def _shipped():
    return yaml.safe_load(default_lexicon_path("hedging").read_text(encoding="utf-8"))


def test_every_shipped_entry_has_rationale_and_source():
    for category, group in _shipped()["entries"].items():
        for entry, spec in group.items():
            assert spec["rationale"].strip() and spec["source"].strip(), (category, entry)


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["entries"]["booster"]["clearly"].pop("source"), r"entries\.booster\.clearly: missing 'source'"),
    (lambda d: d["entries"]["booster"]["clearly"].update(rule="guess"), r"unknown rule 'guess'"),
    (lambda d: d["entries"].update(stance={"x": {"rationale": "r", "source": "s"}}), r"entries\.stance: not a declared"),
    (lambda d: d["entries"]["booster"]["surely"].update(forms=["clearly"]), r"form 'clearly' is already listed"),
    (lambda d: d.pop("categories"), r"no 'categories' section"),
    (lambda d: d["rule_words"].pop("negators"), r"rule_words\.negators"),
    (lambda d: d["categories"]["booster"].update(negated_category="hedge_relational"), r"negated_category"),
])
def test_malformed_lexicon_names_file_and_entry(tmp_path, mutate, message):
    data = _shipped()
    mutate(data)
    path = _write(tmp_path, data)
    with pytest.raises(LexiconError, match=message) as info:
        read_hedging_lexicon(path)
    assert path in str(info.value)


def test_a_researcher_can_add_an_entry(tmp_path):
    data = _shipped()
    data["entries"]["hedge_relational"]["arguably"] = {"rationale": "r", "source": "s"}
    lexicon = read_hedging_lexicon(_write(tmp_path, data))
    evidence = find_hedges(pd.DataFrame({"doc_id": ["a"], "text": ["It is arguably late."]}), lexicon)
    assert evidence["variant"].tolist() == ["arguably"]


# Characters that match a letter case-insensitively: its capital, and for a few
# letters a non-ASCII one (long s, Kelvin sign, dotless and dotted I).
_CASE_VARIANTS = {"s": "sSſ", "k": "kKK", "i": "iIıİ"}


@st.composite
def _cased_form(draw):
    form = draw(st.sampled_from(sorted(_compile(LEXICON).targets)))
    return "".join(draw(st.sampled_from(_CASE_VARIANTS.get(c, c + c.upper()))) for c in form)


_CASE_TEXT = st.lists(st.one_of(
    _cased_form(),
    st.sampled_from([" ", " ", "\n\n", ".", ",", "-", "“", "”", '"', "’", "Σ", "ΟΔΟΣ", "ß", "ǅ", "Ａ", "é", "_", "5"]),
    st.characters(blacklist_categories=("Cs",))), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(_CASE_TEXT)
def test_lexicon_matches_on_lower_cased_text_equal_case_insensitive_matches(text):
    compiled = _compile(LEXICON)
    assert compiled.lowercase_pattern is not None   # the shipped lexicon takes the fast path
    assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in compiled.pattern.finditer(text)]


def test_characters_that_change_case_matching_take_the_case_insensitive_path():
    compiled = _compile(LEXICON)
    for text in ["İt may rain.", "It maſ rain, or it may.", "MAY ΟΔΟΣ may", "Kind of", "ǅ may"]:
        assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in compiled.pattern.finditer(text)]
    assert next(compiled.finditer("It maſ rain, or it may.")).re is compiled.pattern
    assert next(compiled.finditer("It “may” rain.")).re is compiled.lowercase_pattern


def _reference_rate_hedges(evidence, documents, lexicon):
    # rate_hedges as first written, with pandas' concat, group-by and reindex.
    from corpus_analysis.measures.hedging import HEDGE_FAMILY, VOICES, _categories
    import numpy as np

    def _family_rows(evidence):
        # The evidence with hedge hits repeated under the family name ('hedge').
        parts = [evidence[["doc_id", "group", "voice"]]]
        for family, members in HEDGE_FAMILY.items():
            part = evidence.loc[evidence["group"].isin(members), ["doc_id", "group", "voice"]].copy()
            part["group"] = family
            parts.append(part)
        return pd.concat(parts, ignore_index=True)

    categories = _categories(lexicon)
    evidence = evidence[evidence["measure"] == "hedging"]
    words = {doc_id: count_voice_words(text) for doc_id, text in zip(documents["doc_id"], documents["text"])}
    index = pd.MultiIndex.from_tuples([(d, c, v) for d in documents["doc_id"] for c in categories for v in VOICES],
                                      names=["doc_id", "category", "voice"])
    hits = _family_rows(evidence).rename(columns={"group": "category"})
    counts = pd.concat([hits, hits.assign(voice="all")]).groupby(["doc_id", "category", "voice"]).size()
    table = counts.reindex(index, fill_value=0).rename("hits").reset_index()
    per_document = np.array([[o, q, o + q] for o, q in (words[d] for d in documents["doc_id"])], dtype="int64")
    table["words"] = np.repeat(per_document.reshape(-1, 1, len(VOICES)), len(categories), axis=1).reshape(-1)
    table = table.astype({"hits": "int64", "words": "int64"})
    table["per_1k"] = (table["hits"] / table["words"] * 1000).where(table["words"] > 0)
    return table


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.text(
    alphabet=st.sampled_from(list("May may could about 12 not clearly perhaps “”\". ,\n")), max_size=60)),
    max_size=4))
def test_rate_table_equals_the_group_by(docs):
    documents = pd.DataFrame({"doc_id": [d for d, _ in docs], "text": [t for _, t in docs]}, dtype="str")
    evidence = find_hedges(documents, LEXICON)
    pd.testing.assert_frame_equal(rate_hedges(evidence, documents, LEXICON),
                                  _reference_rate_hedges(evidence, documents, LEXICON), check_exact=True)
