"""Framing measures on short invented texts, with answers counted by hand."""

import pandas as pd
import pytest

from helpers import RAW
from corpus_analysis.errors import LexiconError
from corpus_analysis.measures.evidence import EVIDENCE_COLUMNS
from corpus_analysis.measures.framing import (count_framing, find_framing, kwic, read_framing_lexicon,
                                              score_attribution, score_group_shares, score_quotations,
                                              score_spelling_consistency, score_variant_shares)
from corpus_analysis.tokenize import count_words


@pytest.fixture(scope="module")
def lexicon():
    return read_framing_lexicon()


def docs(*texts, outlets=None):
    ids = [f"d{i}" for i in range(len(texts))]
    frame = pd.DataFrame({"doc_id": ids, "text": list(texts)})
    frame["outlet"] = outlets or ["X"] * len(texts)
    frame["words"] = frame["text"].map(count_words)
    return frame


def hits(text, lexicon, measure):
    evidence = find_framing(docs(text), lexicon, measures=(measure,))
    return evidence


def variants(text, lexicon, measure):
    return hits(text, lexicon, measure)["variant"].tolist()


# --- toponyms ---------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Kharkiv and Kharkov; Odesa, Odessa.", ["Kharkiv", "Kharkov", "Odesa", "Odessa"]),
    ("Donbas, Donbass; Luhansk, Lugansk.", ["Donbas", "Donbass", "Luhansk", "Lugansk"]),
    ("Mykolaiv, Nikolaev, Nikolayev.", ["Mykolaiv", "Nikolaev", "Nikolaev"]),
    ("Zaporizhzhia and Zaporozhye; Chornobyl and Chernobyl.",
     ["Zaporizhzhia", "Zaporozhye", "Chornobyl", "Chernobyl"]),
    ("Türkiye, Turkiye and Turkey.", ["Türkiye", "Türkiye", "Turkey"]),
    ("Kyiv's and Kyiv’s and Kyiv-based; pro-Kyiv.", ["Kyiv", "Kyiv", "Kyiv"]),
    ("The Kyiv Post and the Kyiv Independent reported from Kiev.", ["Kiev"]),
    ("Kievan Rus; chicken Kiev; Chicken Kiev; Dynamo Kyiv won.", []),
    ("We ate turkey. Turkey dinner was served in Turkey.", ["Turkey"]),  # bird twice, country once
    ("He flew from Odessa, Texas, to Odesa.", ["Odesa"]),
    ("The Donbass Arena stands in the Donbas.", ["Donbas"]),
    ("KIEV in capitals and kyiv in lower case.", []),
])
def test_toponym_variants_and_exclusions(lexicon, text, expected):
    assert variants(text, lexicon, "toponym") == expected


def test_toponym_and_transliteration_shares_with_mentions(lexicon):
    d = docs("Kiev said no. Kiev and Kyiv. Zelensky met Zelenskyy aides.", "Kyiv only. Zelenskiy spoke.",
             outlets=["X", "Y"])
    evidence = find_framing(d, lexicon)
    shares = score_variant_shares(evidence, d, lexicon).set_index(["doc_id", "group"])
    assert shares.loc[("d0", "kyiv"), ["preferred_mentions", "mentions"]].tolist() == [1, 3]
    assert shares.loc[("d0", "zelenskyy"), ["preferred_mentions", "mentions"]].tolist() == [1, 2]
    assert shares.loc[("d1", "zelenskyy"), "share"] == 0.0
    assert shares.loc[("d0", "zelenskyy"), "measure"] == "transliteration"
    assert pd.isna(shares.loc[("d1", "erdogan"), "share"])
    pooled = score_group_shares(shares.reset_index(), d).set_index(["outlet", "group"])
    assert pooled.loc[("X", "kyiv"), "share"] == pytest.approx(1 / 3)
    assert pooled.loc[("Y", "zelenskyy"), ["preferred_mentions", "mentions"]].tolist() == [0, 1]


# --- transliterations ---------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Zelensky, Zelenskiy, Zelenskyy, Zelenskii and Zelensky’s.",
     ["Zelensky", "Zelenskiy", "Zelenskyy", "Zelenskii", "Zelensky"]),
    ("Erdoğan and Erdogan's party.", ["Erdoğan", "Erdogan"]),
    ("Olena Zelenska spoke.", []),  # his wife's name is another word
])
def test_transliterations(lexicon, text, expected):
    assert variants(text, lexicon, "transliteration") == expected


def test_spelling_consistency_per_document(lexicon):
    d = docs("Zelensky met Erdogan. Zelensky left.", "Zelenskyy and Zelensky; Zelenskyy again.")
    table = score_spelling_consistency(find_framing(d, lexicon)).set_index(["doc_id", "group"])
    assert table.loc[("d0", "zelenskyy"), ["variants", "mentions", "consistent"]].tolist() == \
        ["Zelensky", 2, True]
    assert table.loc[("d1", "zelenskyy"), ["variants", "n_variants", "main_variant", "consistent"]].tolist() == \
        ["Zelenskyy|Zelensky", 2, "Zelenskyy", False]
    assert ("d1", "erdogan") not in table.index  # not mentioned: no row


# --- labels -----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # longest match: one hit each, never also "military operation" or "operation"
    ("The special military operation began. A special operation. A military operation. The operation.",
     ["special_military_operation"] * 3),
    ("The Special Military Operation continues.", ["special_military_operation"]),
    ("It was an invasion, a war, a conflict and an act of aggression.", ["invasion", "war", "conflict", "aggression"]),
    ("World War Two, the Cold War, war crimes, prisoners of war, a trade war.", []),
    ("Warsaw and warships; post-war; a war-torn city.", ["war"]),
    ("Moscow vowed to denazify and demilitarise Ukraine; denazification.", ["denazify", "demilitarize", "denazify"]),
    ("The strongman, the dictator and two autocrats; the regime.", ["strongman", "dictator", "autocrat", "regime"]),
    ("The sanctions regime and a visa regime.", []),
    ("A conflict of interest.", []),
])
def test_label_matching(lexicon, text, expected):
    assert variants(text, lexicon, "label") == expected


@pytest.mark.parametrize("text, negated", [
    ("This is not a war.", [True]),
    ("It isn't really an invasion.", [True]),
    ("It is not a war, but a special military operation.", [True, False]),
    ("There was no invasion.", [True]),
    ("Russia did not end the war.", [False]),            # "end" stands between: the verb is denied
    ("Not only a war but a crime.", [False]),            # "only" is not a skip word
    ("Nobody doubts the war. The war goes on.", [False, False]),
    ("It was never a full-scale invasion.", [True]),
])
def test_label_negation(lexicon, text, negated):
    assert hits(text, lexicon, "label")["negated"].tolist() == negated


@pytest.mark.parametrize("text, target", [
    ("The Russian strongman spoke.", "Putin"),
    ("The Turkish strongman spoke.", "Erdoğan"),
    ("They met strongman Vladimir Putin.", "Putin"),
    ("Lukashenko, the dictator, spoke.", "Lukashenko"),
    ("Critics say Putin is a dictator.", "Putin"),
    ("The Putin regime fell silent.", "Putin"),
    ("The Kremlin regime fell silent.", "Russia"),
    ("The regime in Moscow fell silent.", "Russia"),
    ("Russia's invasion began.", "Russia"),
    ("The Russian invasion began.", "Russia"),
    ("The invasion by Russia began.", "Russia"),
    ("The Ukraine war goes on.", ""),                    # a place, not an aggressor
    ("The dictator spoke.", ""),                        # not clear from the sentence
    ("Zelensky met a dictator.", ""),                   # "met" stands between
])
def test_label_targets(lexicon, text, target):
    assert hits(text, lexicon, "label")["target"].tolist() == [target]


# --- attribution ---------------------------------------------------------------

def test_attribution_classes_and_exclusions(lexicon):
    text = ("Peskov said talks would go on. Kyiv claimed a breakthrough. The minister admitted errors. "
            "Putin scoffed at the idea. The storm claimed the lives of ten. She was admitted to hospital. "
            "The alleged attack was denied. The accused stood.")
    evidence = hits(text, lexicon, "attribution")
    assert list(zip(evidence["group"], evidence["variant"])) == [
        ("neutral", "say"), ("distancing", "claim"), ("concessive", "admit"), ("emotive", "scoff")]
    # "Kyiv" is a name of the actor Ukraine in the lexicon: speakers that are actors take the actor's name
    assert evidence["target"].tolist() == ["Peskov", "Ukraine", "", "Putin"]


def test_attribution_speakers(lexicon):
    text = ("Talks will resume, said Kremlin spokesman Dmitry Peskov. Foreign Minister Jan Kowalski told "
            "reporters. He added nothing. The President noted the date. Officials said it was over. "
            "Malyar has also said so. Peskov insisted.")
    evidence = hits(text, lexicon, "attribution")
    assert evidence["target"].tolist() == ["Dmitry Peskov", "Jan Kowalski", "", "", "", "Malyar",
                                           "Dmitry Peskov"]


def test_non_neutral_share_counts_the_journalists_verbs_only(lexicon):
    d = docs('Moscow claimed it won. Kyiv said no. "They insisted and boasted," he said.',
             "No reported speech here.", outlets=["X", "X"])
    evidence = find_framing(d, lexicon)
    table = score_attribution(evidence, d).set_index("doc_id")
    # journalist: claimed, said, said (3; 1 distancing); quoted: insisted, boasted (not counted)
    assert table.loc["d0", ["attributions", "non_neutral", "neutral", "distancing", "emotive"]].tolist() == \
        [3, 1, 2, 1, 0]
    assert table.loc["d0", "non_neutral_share"] == pytest.approx(1 / 3)
    assert table.loc["d1", "attributions"] == 0 and pd.isna(table.loc["d1", "non_neutral_share"])
    pooled = score_attribution(evidence, d, by="outlet").set_index("outlet")
    assert pooled.loc["X", ["documents", "attributions", "non_neutral"]].tolist() == [2, 3, 1]


# --- quotations ---------------------------------------------------------------

def test_quoted_share_counted_by_hand(lexicon):
    # words: He(1) said(2) we(3) will(4) win(5) this(6) war(7) and(8) left(9) the(10)
    # decorative(11) talks(12) -> 12; quoted: 5 (we will win this war) + 1 (decorative)
    d = docs('He said "we will win this war," and left the “decorative” talks.')
    table = score_quotations(d).iloc[0]
    assert table[["words", "quoted_words", "quotes", "scare_quotes"]].tolist() == [12, 6, 1, 1]
    assert table["quoted_share"] == pytest.approx(6 / 12)


@pytest.mark.parametrize("text, speaker", [
    ('“We will not retreat,” Peskov said.', "Peskov"),
    ('“We will not retreat,” said Dmitry Peskov.', "Dmitry Peskov"),
    ('Peskov said: “We will not retreat.”', "Peskov"),
    ('According to Peskov, “we will not retreat.”', "Peskov"),
    ('"We will not retreat," Ihor Petrenko, a deputy minister, said on Monday.', "Ihor Petrenko"),
    ('“We will not retreat,” he said.', ""),
    ('“We will not retreat.”\n\nPeskov, however, said more.', ""),   # next paragraph is not the attribution
])
def test_quotation_speakers(lexicon, text, speaker):
    evidence = hits(text, lexicon, "quotation")
    assert evidence["target"].tolist() == [speaker]


@pytest.mark.parametrize("text, scare", [
    ('Moscow calls it a “special operation”.', ["special operation"]),
    ('The so-called "referendum" was held.', ["referendum"]),
    ('“Never,” he said.', []),                                  # ends in punctuation: a quotation
    ('He replied “no.”', []),
    ('Peskov said: “Absolutely not”', []),                      # attributed
    ('They want to "demilitarize" and “denazify” it.', ["demilitarize", "denazify"]),
    ('He called for “a full and lasting ceasefire”.', []),      # five words: a (partial) quotation
])
def test_scare_quotes(lexicon, text, scare):
    d = docs(text)
    evidence = find_framing(d, lexicon, measures=("quotation", "scare_quote"))
    assert evidence.loc[evidence["measure"] == "scare_quote", "variant"].tolist() == scare


def test_labels_inside_quotes_carry_the_quoted_voice(lexicon):
    evidence = hits('Moscow says the “special operation” will go on, but the invasion continues.', lexicon, "label")
    assert evidence[["variant", "voice"]].values.tolist() == [["special_military_operation", "quoted"],
                                                             ["invasion", "journalist"]]


# --- tables equal filters of the evidence ----------------------------------------

def test_every_count_equals_a_filter_of_the_evidence(lexicon):
    d = docs('Kiev and Kyiv. "It is not a war," Peskov claimed. The invasion of Ukraine, said Zelensky.',
             "Turkey hosts talks in Türkiye. The “special operation” goes on, he said.",
             "Nothing to find.", outlets=["X", "X", "Y"])
    evidence = find_framing(d, lexicon)
    assert list(evidence.columns) == list(EVIDENCE_COLUMNS)
    counts = count_framing(evidence, d, lexicon)
    assert (counts["doc_id"].nunique(), counts.duplicated(["doc_id", "measure", "group", "variant"]).any()) == \
        (3, False)
    for row in counts.itertuples():
        match = evidence[(evidence["doc_id"] == row.doc_id) & (evidence["measure"] == row.measure)
                         & (evidence["group"] == row.group) & (evidence["variant"] == row.variant)]
        assert row.count == (~match["negated"]).sum() and row.negated == match["negated"].sum()
        assert row.words == d.set_index("doc_id").loc[row.doc_id, "words"]
        assert row.per_1k == pytest.approx(1000 * row.count / row.words)
    assert counts["count"].sum() + counts["negated"].sum() == len(evidence)
    quotes = score_quotations(d, evidence).set_index("doc_id")
    for doc_id, row in quotes.iterrows():
        rows = evidence[(evidence["doc_id"] == doc_id)]
        assert row["quotes"] == (rows["measure"] == "quotation").sum()
        assert row["scare_quotes"] == (rows["measure"] == "scare_quote").sum()
        spans = rows[rows["measure"].isin(["quotation", "scare_quote"])]
        assert row["quoted_words"] == sum(count_words(m) for m in spans["matched"])
    # hand counts: d0 has Kiev, Kyiv, war (negated), invasion, claimed, said, one quotation
    d0 = counts[(counts["doc_id"] == "d0") & ((counts["count"] > 0) | (counts["negated"] > 0))]
    assert sorted(zip(d0["variant"], d0["count"], d0["negated"])) == sorted([
        ("Kiev", 1, 0), ("Kyiv", 1, 0), ("war", 0, 1), ("invasion", 1, 0), ("claim", 1, 0), ("say", 1, 0),
        ("Zelensky", 1, 0), ("direct", 1, 0)])


def test_rates_use_the_one_word_count(lexicon):
    d = docs("Kiev " * 4 + "and more words here now")   # 9 words, 4 Kiev
    counts = count_framing(find_framing(d, lexicon), d)
    row = counts[counts["variant"] == "Kiev"].iloc[0]
    assert (row["count"], row["words"]) == (4, 9) and row["per_1k"] == pytest.approx(4000 / 9)


def test_deterministic(lexicon):
    d = docs("Kiev and Kyiv. “A war,” he said.", "Zelensky claimed the “special operation” failed.")
    first = find_framing(d, lexicon)
    second = find_framing(d.iloc[::-1].reset_index(drop=True), lexicon)
    pd.testing.assert_frame_equal(first, second)


# --- keyword in context ---------------------------------------------------------

def test_kwic_for_a_term_and_a_group(lexicon):
    d = docs("Turkey hosts. We ate turkey. The Kyiv Post wrote from Kiev.", "Kyiv-based staff left Kyiv.")
    assert kwic(d, "turkey")["matched"].tolist() == ["Turkey", "turkey"]  # lower case: any case
    assert kwic(d, "Turkey")["matched"].tolist() == ["Turkey"]            # capital: as written
    table = kwic(d, "kyiv", lexicon, window=8)
    assert table[["doc_id", "variant", "left", "matched", "right"]].values.tolist() == [
        ["d0", "Kiev", "te from ", "Kiev", "."], ["d1", "Kyiv", "", "Kyiv", "-based s"],
        ["d1", "Kyiv", "ff left ", "Kyiv", "."]]
    assert kwic(d, "toponyms:kyiv", lexicon).shape[0] == 3
    assert kwic(d, "nothing here").empty


# --- lexicon validation -----------------------------------------------------------

TOPONYMS = ("toponyms:\n  kyiv:\n    preferred: Kyiv\n    variants:\n"
            "      Kyiv: {forms: [Kyiv], rationale: r, source: s}\n      Kiev: {forms: [Kiev], rationale: r, source: s}\n")


@pytest.mark.parametrize("extra, message", [
    ("labels:\n  event:\n    variants:\n      war: {forms: [war], rationale: r, source: s}\n",
     "labels.event: 'applies_to' must be one of"),
    ("labels:\n  event:\n    applies_to: event\n    variants:\n      war: {forms: war, rationale: r, source: s}\n",
     "labels.event.variants.war: 'forms' must be a list"),
    ("attribution:\n  distancing:\n    variants:\n      claim: {forms: [claimed], rationale: r, source: s}\n",
     "attribution needs a 'neutral' group"),
    ("negation:\n  cues: [not, no]\n", "negation.cues has [False]"),
    ("quotations:\n  scare_quote_max_words: 0\n", "scare_quote_max_words must be a whole number"),
    ("actors:\n  Putin: {kind: leader, names: [Putin]}\n", "actors.Putin: 'kind' must be person or state"),
    ("transliterations:\n  kyiv:\n    preferred: A\n    variants:\n      A: {forms: [A], rationale: r, source: s}\n"
     "      B: {forms: [B], rationale: r, source: s}\n", "group 'kyiv' is in both toponyms and transliterations"),
    ("labels:\n  event:\n    applies_to: event\n    variants:\n      war: {forms: [war], rationale: r, source: s}\n"
     "    exclusions:\n      - {phrase: Cold War}\n", "'Cold War' needs a 'rationale'"),
])
def test_malformed_sections_name_file_and_entry(tmp_path, extra, message):
    path = tmp_path / "framing.yaml"
    path.write_text(TOPONYMS + extra, encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        read_framing_lexicon(path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_every_shipped_entry_has_rationale_and_source(lexicon):
    for section in ("toponyms", "transliterations", "labels", "attribution"):
        for group in lexicon[section].values():
            for entry in group["variants"].values():
                assert entry["rationale"].strip() and entry["source"].strip()


# --- the seed corpus: counts a careful reader gets, within sentences asserted present ---------

@pytest.fixture(scope="module")
def seed(lexicon):
    from corpus_analysis.pipeline import build_documents
    documents, _ = build_documents(RAW, RAW / "metadata.csv")
    return documents.set_index("doc_id"), find_framing(documents, lexicon)


def in_sentence(seed, doc_id, sentence):
    documents, evidence = seed
    text = documents.loc[doc_id, "text"]
    start = text.find(sentence)
    assert start >= 0, f"{doc_id}: sentence no longer in the cleaned text: {sentence!r}"
    rows = evidence[(evidence["doc_id"] == doc_id) & (evidence["start"] >= start)
                    & (evidence["end"] <= start + len(sentence))]
    return rows


def test_seed_russian_strongman_is_putin(seed):
    rows = in_sentence(seed, "001_81aa3053ce39fd38", "The Russian strongman has also scoffed at President Trump")
    assert rows[["measure", "variant", "target"]].values.tolist() == [
        ["label", "strongman", "Putin"], ["attribution", "scoff", ""]]


def test_seed_scare_quotes_of_the_russian_terms(seed):
    rows = in_sentence(seed, "004_90d6acbfb0b09bcb",
                       "but Moscow says the “special operation” aims to “demilitarize” and “denazify” the country")
    scare = rows[rows["measure"] == "scare_quote"]["variant"].tolist()
    labels = rows[rows["measure"] == "label"][["variant", "voice"]].values.tolist()
    assert scare == ["special operation", "demilitarize", "denazify"]
    assert labels == [["special_military_operation", "quoted"], ["demilitarize", "quoted"], ["denazify", "quoted"]]
    says = rows[rows["measure"] == "attribution"]
    assert says[["variant", "target"]].values.tolist() == [["say", "Russia"]]


def test_seed_quotation_with_apposed_speaker(seed):
    rows = in_sentence(seed, "004_90d6acbfb0b09bcb",
                       '"Turkey is among those countries that could become guarantors of our security in the '
                       'future," Ihor Zhovkva, deputy head of President Volodymyr Zelensky\'s office, said')
    assert rows[rows["measure"] == "quotation"]["target"].tolist() == ["Ihor Zhovkva"]
    assert rows[rows["measure"] == "toponym"]["variant"].tolist() == ["Turkey"]
    assert rows[rows["measure"] == "transliteration"]["variant"].tolist() == ["Zelensky"]


def test_seed_mixed_zelensky_spellings_in_the_2022_article(seed):
    documents, evidence = seed
    for sentence, spelling in [("In remarks made to Russian journalists earlier in the day, Zelenskyy had adopted",
                                "Zelenskyy"),
                               ("In a speech late on Sunday, Zelensky said he wanted peace", "Zelensky")]:
        rows = in_sentence(seed, "004_90d6acbfb0b09bcb", sentence)
        assert rows[rows["measure"] == "transliteration"]["variant"].tolist() == [spelling]
    consistency = score_spelling_consistency(evidence).set_index(["doc_id", "group"])
    assert not consistency.loc[("004_90d6acbfb0b09bcb", "zelenskyy"), "consistent"]


def test_seed_prisoner_of_war_is_not_a_label(seed):
    rows = in_sentence(seed, "001_81aa3053ce39fd38",
                       "to discuss the war and hash out the terms for another prisoner of war exchange, Zelensky said")
    assert rows[rows["measure"] == "label"]["matched"].tolist() == ["war"]
    assert rows[rows["measure"] == "attribution"]["target"].tolist() == ["Zelenskyy"]


# --- properties that hold for any text ------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

PIECES = ["Kyiv", "Kiev", "Kyiv's", "Turkey", "turkey", "war", "not", "a", "special", "military", "operation",
          "Putin", "Russian", "strongman", "said", "claimed", "he", "Peskov", "\"", "“", "”", ",", ".", " ",
          "\n\n", "-", "Zelensky", "invasion", "according to", ":", "’s"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join))
def test_evidence_points_at_the_text_and_counts_add_up(text):
    lexicon = read_framing_lexicon()
    d = docs(text)
    evidence = find_framing(d, lexicon)
    for row in evidence.itertuples():
        assert text[row.start:row.end] == row.matched
    for measure, part in evidence.groupby("measure"):
        spans = sorted(zip(part["start"], part["end"]))
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:])), measure
    counts = count_framing(evidence, d, lexicon)
    assert counts["count"].sum() + counts["negated"].sum() == len(evidence)
