"""Claim extraction and corroboration on invented article pairs (several house styles)."""

from __future__ import annotations

import pandas as pd
import pytest

from corpus_analysis.compare import corroborate_claims, extract_claims, read_claims_lexicon
from corpus_analysis.compare.claims import find_dates, name_key
from corpus_analysis.errors import LexiconError

# Event "harbour": a wire-style report and a broadcaster's rewrite.
WIRE = ("Officials said 14 people were killed and at least 30 injured when 52 drones struck "
        "the harbour in Velmora on Tuesday.\n\n"
        "The attack began at 03:15 GMT, Governor Ilse Marek told reporters. "
        "Repairs will cost $2.5 million, according to the port authority.")
BROADCAST = ("Fourteen civilians died and 31 people were injured when 47 drones struck the harbour in Velmora "
             "on Tuesday, March 4, 2025.\n\n"
             "Governor Ilse Marek said the strike began at 3:15 a.m. GMT.")
# Event "bridge": a tabloid and a local paper disagree on the toll.
TABLOID = "A bridge collapse in Doravia killed 9 people on 12 June 2024, police said."
LOCAL = "Police said 6 people were killed in Doravia when the bridge collapsed on 12 June."
# An event only one outlet covers.
SOLO = "About 200 troops crossed into Karsk, the ministry said."

DOCS = pd.DataFrame({
    "doc_id": ["h1", "h2", "b1", "b2", "s1"],
    "outlet": ["Wire", "Broadcaster", "Tabloid", "Local", "Wire"],
    "event": ["harbour", "harbour", "bridge", "bridge", "border"],
    "text": [WIRE, BROADCAST, TABLOID, LOCAL, SOLO],
})


def claims_of(doc_id: str, kind: str | None = None) -> pd.DataFrame:
    claims = extract_claims(DOCS[DOCS["doc_id"] == doc_id])
    return claims if kind is None else claims[claims["kind"] == kind]


def test_numbers_with_what_they_count():
    numbers = claims_of("h1", "number").set_index("matched")
    assert numbers.loc["14 people", ["category", "thing", "number"]].tolist() == ["casualties", "dead", 14.0]
    assert numbers.loc["30 injured", ["thing", "low", "high", "approximate"]].tolist() == \
        ["injured", 30.0, float("inf"), True]
    assert numbers.loc["52 drones", ["category", "thing"]].tolist() == ["weapons", "drone"]
    assert numbers.loc["$2.5 million", ["category", "value", "number"]].tolist() == ["money", "2500000", 2.5e6]
    # Every claim points back to its text and sentence.
    row = numbers.loc["52 drones"]
    assert WIRE[row["start"]:row["end"]] == "52 drones" and "52 drones struck" in row["sentence"]


@pytest.mark.parametrize("text, matched, category, thing, value, low, high", [
    ("The plan set a 50-day deadline.", "50-day", "duration", "day", "50", 50, 50),
    ("Turnout rose to 61.5% on the day.", "61.5%", "percent", "percent", "61.5", 61.5, 61.5),
    ("Up to 40 missiles were fired.", "Up to 40 missiles"[6:], "weapons", "missile", "40", 0, 40),
    ("About 200 troops crossed.", "200 troops", "casualties", "soldier", "200", 160, 240),
    ("The fund holds €3 billion.", "€3 billion", "money", "euro", "3000000000", 3e9, 3e9),
    ("They met for three hours.", "three hours", "duration", "hour", "3", 3, 3),
    ("Rebels hold nearly 20% of the land.", "20%", "percent", "percent", "20", 16, 20),
])
def test_number_forms(text, matched, category, thing, value, low, high):
    docs = pd.DataFrame({"doc_id": ["x"], "text": [text]})
    row = extract_claims(docs).query("kind == 'number'").iloc[0]
    assert (row["matched"], row["category"], row["thing"], row["value"]) == (matched, category, thing, value)
    assert (row["low"], row["high"]) == pytest.approx((low, high))


def test_numbers_that_count_nothing_checkable_are_left_out():
    docs = pd.DataFrame({"doc_id": ["x"], "text": ["One of the two sides cited Article 5 of the treaty."]})
    assert extract_claims(docs).query("kind == 'number'").empty


def test_dates_times_people_places():
    dates = [v for _, _, v in find_dates("Talks on Friday, 16 May 2025; again on June 2 and on 2025-06-30, "
                                         "after the March 2022 round.")]
    assert dates == ["Friday", "2025-05-16", "--06-02", "2025-06-30", "2022-03"]
    times = claims_of("h2", "time")["value"].tolist()
    assert times == ["03:15 GMT"]
    people = claims_of("h1", "person")
    assert people[["thing", "value"]].values.tolist() == [["Ilse Marek", "marek"]]
    assert claims_of("h1", "place")["thing"].tolist() == ["Velmora"]
    # A capitalised common noun opening a sentence before "said" is not a person.
    assert "Officials" not in claims_of("h1")["matched"].tolist()
    assert name_key("Kovalskyy") == name_key("Kovalskiy") == name_key("Kovalsky")


def test_corroboration_across_outlets_of_the_same_event():
    table = corroborate_claims(extract_claims(DOCS), DOCS)
    h1 = table[table["doc_id"] == "h1"].set_index("matched")
    # 14 people killed = Fourteen civilians died (both "dead", same value).
    assert h1.loc["14 people", "status"] == "corroborated"
    assert h1.loc["14 people", "other_matched"] == "Fourteen civilians"
    assert h1.loc["14 people", "other_doc_id"] == "h2"
    assert "Fourteen civilians died" in h1.loc["14 people", "other_sentence"]
    # "at least 30 injured" is compatible with "31 people were injured".
    assert h1.loc["30 injured", "status"] == "corroborated"
    # Tuesday agrees with Tuesday, March 4, 2025 (which was a Tuesday); times and names match.
    assert h1.loc["Tuesday", "status"] == "corroborated"
    assert h1.loc["03:15 GMT", "status"] == "corroborated"
    assert h1.loc["Ilse Marek", "status"] == "corroborated"
    # Only the wire gives the cost of repairs.
    assert h1.loc["$2.5 million", "status"] == "uncorroborated"
    assert pd.isna(h1.loc["$2.5 million", "other_doc_id"])
    assert (h1["outlets_compared"] == 1).all()


def test_different_numbers_for_the_same_thing_are_contradictions():
    table = corroborate_claims(extract_claims(DOCS), DOCS)
    drones = table[table["matched"] == "52 drones"].iloc[0]
    assert drones["status"] == "contradicted"
    assert (drones["other_doc_id"], drones["other_matched"], drones["other_value"]) == ("h2", "47 drones", "47")
    toll = table[(table["doc_id"] == "b1") & (table["kind"] == "number")].iloc[0]
    assert (toll["matched"], toll["status"], toll["other_value"]) == ("9 people", "contradicted", "6")
    assert "6 people were killed" in toll["other_sentence"]
    # The date with a year agrees with the same day without one.
    date = table[(table["doc_id"] == "b1") & (table["kind"] == "date")].iloc[0]
    assert (date["value"], date["status"], date["other_value"]) == ("2024-06-12", "corroborated", "--06-12")


def test_a_claim_no_other_outlet_could_check():
    table = corroborate_claims(extract_claims(DOCS), DOCS)
    solo = table[table["doc_id"] == "s1"]
    assert set(solo["status"]) == {"uncorroborated"} and (solo["outlets_compared"] == 0).all()
    # The same outlet does not corroborate itself: give s1 the harbour event.
    same = DOCS.assign(event=["harbour", "harbour", "bridge", "bridge", "harbour"],
                       text=[WIRE, BROADCAST, TABLOID, LOCAL, WIRE])
    table = corroborate_claims(extract_claims(same), same)
    cost = table[(table["doc_id"] == "s1") & (table["matched"] == "$2.5 million")].iloc[0]
    assert cost["status"] == "uncorroborated"


def test_contradiction_needs_similar_sentences():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "event": ["e", "e"],
                         "text": ["Rebels shot down 3 drones near the dam.",
                                  "In all, the army has launched 90 drones since spring began."]})
    table = corroborate_claims(extract_claims(docs), docs)
    assert set(table.loc[table["kind"] == "number", "status"]) == {"uncorroborated"}
    strict = corroborate_claims(extract_claims(docs), docs, min_similarity=0.0)
    assert set(strict.loc[strict["kind"] == "number", "status"]) == {"contradicted"}


def test_claims_lexicon_errors_name_file_and_entry(tmp_path):
    path = tmp_path / "claims.yaml"
    path.write_text("categories:\n  drones:\n    nouns: [drone]\n    source: x\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"claims.yaml: categories.drones: missing 'rationale'"):
        read_claims_lexicon(path)
    lexicon = read_claims_lexicon()
    path.write_text(
        "categories:\n  drones: {nouns: [drone], rationale: r, source: s}\n"
        "person_titles: {words: [Mr], rationale: r, source: s}\n"
        "place_prepositions: {words: [in], rationale: r, source: s}\n"
        "function_words: {words: [the, no], rationale: r, source: s}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="function_words: False is not a word"):
        read_claims_lexicon(path)
    assert "casualties" in lexicon["categories"]


def test_a_name_is_corroborated_by_a_mention_without_a_cue():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "Z"], "event": ["e", "e", "f"],
                         "text": ["Mayor Tomas Reyn opened the bridge.", "The bridge by the home of Reyn's family opened.",
                                  "Reyn was not there."]})
    table = corroborate_claims(extract_claims(docs), docs).set_index("doc_id")
    row = table.loc["a"]
    assert (row["kind"], row["status"], row["other_doc_id"], row["other_matched"]) == \
        ("person", "corroborated", "b", "Reyn")
    # Without the texts only claims are compared, and b states no claim about Reyn.
    bare = corroborate_claims(extract_claims(docs), docs.drop(columns="text")).set_index("doc_id")
    assert bare.loc["a", "status"] == "uncorroborated"
