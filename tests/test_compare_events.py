"""Event proposal, sentence alignment and shared passages on invented articles."""

from __future__ import annotations

import pandas as pd
import pytest

from corpus_analysis.compare import align_sentences, find_shared_passages, propose_events
from corpus_analysis.compare._text import cosine_matrix

FLOOD_A = ("Floodwater breached the levee at Marrow Creek on Sunday, forcing 300 families from their homes. "
           "Engineers said the levee had not been inspected since 2019.\n\n"
           "The regional council promised emergency grants.")
FLOOD_B = ("Three hundred families left their homes after floodwater breached the Marrow Creek levee on Sunday. "
           "Volunteers handed out blankets at the school gym.")
ELECTION = ("Voters in the northern district re-elected the incumbent mayor by a wide margin, "
            "with turnout above sixty percent.")
FLOOD_LATER = ("A year after floodwater breached the Marrow Creek levee, families are back in their homes "
               "and the levee has been rebuilt.")


def test_tfidf_cosine_hand_worked():
    # "a b" and "a c" among three texts ("a b", "a c", "d"): df(a) = 2, df(b) = df(c) = df(d) = 1.
    # idf = ln(4 / (1 + df)) + 1: a -> ln(4/3) + 1 = 1.287682; b, c -> ln 2 + 1 = 1.693147.
    # cos = 1.287682^2 / (1.287682^2 + 1.693147^2) = 1.658125 / (1.658125 + 2.866747) = 0.366447
    similarity = cosine_matrix(["a b", "a c", "d"])
    assert similarity[0, 1] == pytest.approx(0.366447, abs=1e-6)
    assert similarity[0, 2] == 0 and similarity[0, 0] == pytest.approx(1.0)


def test_propose_events_groups_similar_texts_with_close_dates():
    docs = pd.DataFrame({"doc_id": ["f1", "f2", "e1", "f3"],
                         "published": ["2024-04-07", "2024-04-08", "2024-04-07", "2025-04-07"],
                         "text": [FLOOD_A, FLOOD_B, ELECTION, FLOOD_LATER]})
    table = propose_events(docs, min_similarity=0.2)
    assert table.columns[0] == "doc_id"
    events = dict(zip(table["doc_id"], table["proposed_event"]))
    # Sorted by doc_id: e1, f1, f2, f3.
    assert events == {"e1": "proposed_01", "f1": "proposed_02", "f2": "proposed_02", "f3": "proposed_03"}
    f3 = table.set_index("doc_id").loc["f3"]
    # The anniversary piece is a year later: not even compared with the flood reports.
    assert pd.isna(f3["nearest_doc_id"]) and not f3["linked"]
    f1 = table.set_index("doc_id").loc["f1"]
    assert (f1["nearest_doc_id"], f1["days_apart"], f1["linked"]) == ("f2", 1, True)
    # Without publication dates, content alone links it, and its nearest is a flood report.
    undated = propose_events(docs.drop(columns="published"), min_similarity=0.2).set_index("doc_id")
    assert undated.loc["f3", "proposed_event"] == "proposed_02"
    assert undated.loc["f3", "nearest_doc_id"] in {"f1", "f2"} and undated.loc["f3", "similarity"] >= 0.2
    # With a wide enough window, the dates no longer keep it apart.
    wide = propose_events(docs, min_similarity=0.2, max_days=400).set_index("doc_id")
    assert wide.loc["f3", "proposed_event"] == wide.loc["f1", "proposed_event"]


def test_proposed_events_use_dates_mentioned_when_not_published():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"],
                         "text": ["Talks opened in Porto on 3 May 2025 after the ceasefire.",
                                  "Talks opened in Porto on 3 May 2025, after the ceasefire held.",
                                  "Talks opened in Porto on 9 June 2026 after the ceasefire."]})
    table = propose_events(docs, min_similarity=0.2).set_index("doc_id")
    assert table.loc["a", "proposed_event"] == table.loc["b", "proposed_event"] != table.loc["c", "proposed_event"]
    assert table.loc["a", "shared_dates"] == "2025-05-03"


def test_align_sentences_shows_what_each_outlet_includes_and_omits():
    docs = pd.DataFrame({"doc_id": ["f1", "f2", "e1"], "outlet": ["Daily", "Herald", "Daily"],
                         "event": ["flood", "flood", "vote"], "text": [FLOOD_A, FLOOD_B, ELECTION]})
    table = align_sentences(docs, min_similarity=0.25)
    assert table.columns[0] == "doc_id"
    assert set(table["event"]) == {"flood"}  # an event with one document has nothing to align
    f1 = table[table["doc_id"] == "f1"].set_index("sentence")
    # The breach is in both; the inspection and the council's grants only in f1.
    assert f1.loc[0, "covered"] and f1.loc[0, "other_sentence"] == 0
    assert not f1.loc[1, "covered"] and not f1.loc[2, "covered"]
    f2 = table[table["doc_id"] == "f2"].set_index("sentence")
    assert f2.loc[0, "covered"] and not f2.loc[1, "covered"]  # the blankets are the Herald's alone
    assert f2.loc[0, "other_outlet"] == "Daily"
    assert f2.loc[0, "similarity"] == pytest.approx(f1.loc[0, "similarity"])


def test_shared_passages_find_wire_copy_on_both_sides():
    wire = ("the ministry said the convoy of forty trucks reached the border crossing shortly before dawn "
            "and was waved through after inspection")
    a = "LONDON (Agency) - " + wire.capitalize() + ". Our correspondent adds that rain slowed the trucks."
    b = "In a statement on Monday, " + wire + ", officials confirmed."
    c = "Completely unrelated text about the harvest festival and its many visitors this year."
    docs = pd.DataFrame({"doc_id": ["b", "a", "c"], "text": [b, a, c]})
    table = find_shared_passages(docs, n=6)
    assert len(table) == 1
    row = table.iloc[0]
    assert (row["doc_id"], row["other_doc_id"]) == ("a", "b")
    assert row["passage"].lower() == wire and row["other_passage"] == wire
    assert a[row["start"]:row["end"]] == row["passage"] and b[row["other_start"]:row["other_end"]] == wire
    words = len(wire.split())  # 21 words -> 16 shared 6-word shingles
    assert row["passage_words"] == words and row["shared_shingles"] == words - 5
    assert row["jaccard"] == pytest.approx(row["shared_shingles"] / (row["shingles"] + row["other_shingles"]
                                                                     - row["shared_shingles"]))
    assert not row["near_duplicate"]
    # A copy with a new first sentence is a near-duplicate.
    dup = pd.DataFrame({"doc_id": ["x", "y"], "text": [FLOOD_A, "Update. " + FLOOD_A]})
    assert find_shared_passages(dup, n=5)["near_duplicate"].all()


def test_no_shared_passage_gives_an_empty_table_with_columns():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": [FLOOD_A, ELECTION]})
    table = find_shared_passages(docs)
    assert table.empty and table.columns[0] == "doc_id"
