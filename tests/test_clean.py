"""Unit tests of the cleaning stage: one invented example per kind of page furniture."""

import re
import pandas as pd
import pytest

from corpus_analysis.clean import (REMOVED_COLUMNS, clean_corpus, clean_document, find_site_chrome,
                                   normalise_text, read_cleaning_lexicon)
from corpus_analysis.errors import LexiconError
from corpus_analysis.io import load_corpus

from helpers import RAW

# Three body paragraphs on one invented story, reused as context.
P1 = "The harbour authority said on Monday that the new ferry terminal would open in the spring."
P2 = "Officials expect the terminal to handle two million passengers a year once the second berth is built."
P3 = "The ferry operator has ordered two new vessels for the route, which will be delivered next year."
P4 = "Local businesses near the harbour welcomed the plan, saying more passengers would bring more trade."
BODY = [P1, P2, P3, P4]


def page(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def rules(doc) -> dict[str, str]:
    return {r.text.strip(): r.rule for r in doc.removed}


def test_every_block_is_kept_or_recorded_with_raw_offsets():
    raw = "Menu\n\nFerry terminal to open in spring\n" + P1 + "\nShare\nShare\n" + P2 + "\n" + P3 + "\n"
    doc = clean_document(raw)
    assert doc.title == "Ferry terminal to open in spring"
    assert [p.text for p in doc.paragraphs] == [P1, P2, P3]
    assert [r.rule for r in doc.removed] == ["site_chrome", "title", "share_buttons", "share_buttons"]
    spans = sorted([(p.start, p.end) for p in doc.paragraphs] + [(r.start, r.end) for r in doc.removed])
    assert len(spans) == len([line for line in raw.splitlines() if line.strip()])
    for span in doc.removed:
        assert raw[span.start:span.end] == span.text
    for p in doc.paragraphs:
        assert raw[p.start:p.end] == p.text


def test_section_label_and_breadcrumb_above_title():
    doc = clean_document(page("Business", "Home / Business / Transport", "Ferry terminal to open in spring", *BODY))
    assert rules(doc)["Business"] == "section_label"
    assert rules(doc)["Home / Business / Transport"] == "breadcrumb"
    assert doc.title == "Ferry terminal to open in spring"


def test_site_chrome_words_and_navigation_row():
    doc = clean_document(page("Breaking News", "Dark", "Light", "Sign in", "Home News Sport Business",
                              "Ferry terminal to open in spring", *BODY))
    got = rules(doc)
    assert [got[k] for k in ("Breaking News", "Dark", "Light", "Sign in")] == ["site_chrome"] * 4
    assert got["Home News Sport Business"] == "navigation"
    assert doc.text == "\n\n".join(BODY)


def test_share_button_row_and_separate_buttons():
    doc = clean_document(page("Ferry terminal to open in spring", *BODY, "Facebook Twitter WhatsApp Email",
                              "Telegram", "Share this article"))
    assert set(rules(doc).values()) == {"title", "share_buttons"}
    assert len(doc.paragraphs) == 4


def test_read_more_links_are_removed_even_mid_body():
    doc = clean_document(page("Ferry terminal to open in spring", P1, "Read more: Bridge tolls to rise in June",
                              P2, "Also Read; Airport expansion approved", P3, P4))
    assert rules(doc)["Read more: Bridge tolls to rise in June"] == "read_more_link"
    assert rules(doc)["Also Read; Airport expansion approved"] == "read_more_link"
    assert doc.text == "\n\n".join(BODY)


def test_comment_form_and_thread_end_the_body():
    comment = "I have taken that ferry for twenty years and the old terminal is a disgrace, so this is good news."
    doc = clean_document(page("Ferry terminal to open in spring", *BODY, "Leave a Reply",
                              "Your email address will not be published.", "Jane says:", comment))
    got = rules(doc)
    assert got["Leave a Reply"] == "comments"
    assert got[comment] == "after_end_marker"
    assert doc.text == "\n\n".join(BODY)


def test_related_list_with_teasers_cut_off_mid_sentence():
    doc = clean_document(page("Ferry terminal to open in spring", *BODY, "Don't Miss",
                              "Mayor opens new cycle bridge", "The mayor opened the new bridge across the river",
                              "Bakery wins national award", "A family bakery has won the national bread award."))
    got = rules(doc)
    assert got["Don't Miss"] == "related_stories"
    assert got["The mayor opened the new bridge across the river"] == "related_list"
    assert got["A family bakery has won the national bread award."] == "related_list"
    assert doc.text == "\n\n".join(BODY)


def test_truncated_teaser_without_list_heading():
    teaser = "Former harbour master Jonas Berg has made a passionate appeal to the"
    doc = clean_document(page("Ferry terminal to open in spring", *BODY, teaser))
    assert rules(doc)[teaser] == "truncated_teaser"


def test_caption_with_credit_goes_to_captions():
    caption = "Passengers board a ferry at the old terminal on Friday. (Photo by Harbour Press)"
    doc = clean_document(page("Ferry terminal to open in spring", caption, *BODY))
    assert doc.captions == [caption]
    assert rules(doc)[caption] == "caption"
    assert doc.text == "\n\n".join(BODY)


def test_repeated_headline_and_standfirst_kept_once_in_body():
    standfirst = "The terminal will handle two million passengers a year."
    p2 = "Officials gave the figures on Monday. " + standfirst + " A second berth is planned."
    doc = clean_document(page("Ferry terminal to open in spring", "Ferry terminal to open in spring",
                              standfirst, "July 22, 2025", P1, p2, P3, P4))
    got = rules(doc)
    assert got["Ferry terminal to open in spring"] in ("title", "repeated_title")
    assert [r.rule for r in doc.removed].count("repeated_title") == 1
    assert got[standfirst] == "repeated_text"
    assert doc.text.count(standfirst) == 1
    assert doc.published == "2025-07-22" and doc.dateline == "July 22, 2025"


def test_advertisement_labels():
    doc = clean_document(page("Ferry terminal to open in spring", P1, "Advertisement", P2, "ADVERTISEMENT",
                              "Story continues below advertisement", P3, "Ads by Example Network", P4))
    assert set(rules(doc).values()) == {"title", "advertisement"}
    assert doc.text == "\n\n".join(BODY)


def test_wire_credit_is_credit_not_body():
    doc = clean_document(page("Ferry terminal to open in spring", *BODY, "With wires"))
    assert doc.credit == "With wires"
    assert rules(doc)["With wires"] == "credit"
    doc = clean_document(page("Ferry terminal to open in spring", *BODY,
                              "Reporting by Ana Lopez; Editing by Sam Reed"))
    assert doc.credit == "Reporting by Ana Lopez; Editing by Sam Reed"


def test_byline_and_dateline_are_fields():
    doc = clean_document(page("Ferry terminal to open in spring", "By Maria Keller and Tom Reed",
                              "Published: 09:30, 3 March 2024", *BODY))
    assert doc.byline == "By Maria Keller and Tom Reed"
    assert doc.published == "2024-03-03"
    assert doc.text == "\n\n".join(BODY)


def test_by_at_sentence_start_is_not_a_byline():
    sentence = "By Tuesday, the harbour authority had moved the last of the old cranes."
    doc = clean_document(page("Ferry terminal to open in spring", P1, sentence, P2, P3))
    assert sentence in doc.text and doc.byline == ""


def test_mirror_addresses_and_urls():
    doc = clean_document(page("Ferry terminal to open in spring", *BODY,
                              "Our website can also be accessed at the following alternate addresses:",
                              "www.example.org", "https://example.net/news"))
    got = rules(doc)
    assert got["Our website can also be accessed at the following alternate addresses:"] == "mirror_addresses"
    assert got["www.example.org"] == got["https://example.net/news"] == "url"


def test_cookie_notice_newsletter_and_footer():
    doc = clean_document(page(
        "We use cookies to improve your experience. By continuing you accept our use of cookies.", "Accept all",
        "Ferry terminal to open in spring", P1, P2,
        "Sign up for our morning newsletter and get the day's news in your inbox.", P3, P4,
        "© 2024 Example Media. All rights reserved.", "Privacy Policy"))
    got = rules(doc)
    assert got["Accept all"] == "cookie_notice"
    assert got["Sign up for our morning newsletter and get the day's news in your inbox."] == "newsletter"
    assert got["© 2024 Example Media. All rights reserved."] == "footer"
    assert got["Privacy Policy"] == "after_end_marker"
    assert doc.text == "\n\n".join(BODY)


def test_off_topic_spam_paragraph_and_its_list():
    spam = ("Claim your free gift card today! Thousands of shoppers already enjoy exclusive vouchers, "
            "cashback deals and surprise prizes every week.")
    doc = clean_document(page("Ferry terminal to open in spring", P1, P2, "Win Big Prizes", spam,
                              "- No payment needed", "- Instant delivery", P3, P4))
    got = rules(doc)
    assert got[spam] == "off_topic"
    assert got["- No payment needed"] in ("off_topic", "list_item")
    assert doc.text == "\n\n".join(BODY)


def test_off_topic_prose_without_reader_address():
    spam = ("Viral videos of dancing cats remain hugely popular online, and many people say that watching "
            "them for a few minutes is the best way to relax after a long and stressful day.")
    doc = clean_document(page("Ferry terminal to open in spring", P1, P2, P3, spam, P4))
    assert rules(doc)[spam] == "off_topic"


def test_short_paragraph_between_body_paragraphs_is_kept():
    doc = clean_document(page("Ferry terminal to open in spring", P1, "Work starts next week.", P2, P3))
    assert "Work starts next week." in [p.text for p in doc.paragraphs]


def test_hard_wrapped_paragraph_is_joined():
    raw = ("Ferry terminal to open in spring\n\n"
           "The harbour authority said on Monday that the new ferry terminal would\n"
           "open in the spring, two years later than planned, after delays with\n"
           "Nordic suppliers.\n")
    doc = clean_document(raw)
    assert doc.text == ("The harbour authority said on Monday that the new ferry terminal would open in the "
                        "spring, two years later than planned, after delays with Nordic suppliers.")
    assert normalise_text(raw[doc.paragraphs[0].start:doc.paragraphs[0].end]) == doc.text


def test_text_handling_crlf_nbsp_zero_width_mojibake_emoji():
    raw = ("Ferry terminal to open in spring\r\n\r\n"
           "The harbour\u00a0authority said on Monday that the new terminal\u200b would open. 🎉\r\n"
           "Officials said the harbourâ€™s second berth would follow next year.\rAnd then Cafe\u0301s opened.\r\n")
    doc = clean_document(raw)
    assert [p.text for p in doc.paragraphs][:2] == [
        "The harbour authority said on Monday that the new terminal would open. 🎉",
        "Officials said the harbour’s second berth would follow next year."]
    for p in doc.paragraphs:
        assert normalise_text(raw[p.start:p.end]) == p.text


def test_document_without_stopword_list_is_cleaned_by_shape():
    doc = clean_document(page("Titel der Seite hier", "Teilen", *BODY), language="xx")
    assert len(doc.paragraphs) == 4


def test_lexicon_errors_name_file_and_entry(tmp_path):
    base = (read_cleaning_lexicon().path)
    text = open(base, encoding="utf-8").read()
    bad = tmp_path / "cues.yaml"
    bad.write_text(text.replace("kind: words", "kind: sometimes", 1), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"cues.yaml: cue 'share_buttons': kind 'sometimes'"):
        read_cleaning_lexicon(bad)
    bad.write_text(text.replace('pattern: "^(?:leave', 'pattern: "^(?:(leave', 1), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"cue 'comments': pattern is not a valid regular expression"):
        read_cleaning_lexicon(bad)
    bad.write_text(text.replace("min_stopword_density:\n    value: 0.22", "min_stopword_density:\n    value: x"),
                   encoding="utf-8")
    with pytest.raises(LexiconError, match=r"threshold 'min_stopword_density'"):
        read_cleaning_lexicon(bad)


def test_edited_lexicon_changes_the_result(tmp_path):
    text = open(read_cleaning_lexicon().path, encoding="utf-8").read()
    custom = tmp_path / "cues.yaml"
    custom.write_text(text.replace("phrases: [breaking news,", "phrases: [ferry news desk, breaking news,"),
                      encoding="utf-8")
    frame = pd.DataFrame({"doc_id": ["a"], "raw_text": [page("Ferry News Desk", "Ferry terminal to open in spring",
                                                            *BODY)]})
    _, removed = clean_corpus(frame, cues_path=custom)
    assert removed.loc[removed["text"] == "Ferry News Desk", "rule"].tolist() == ["site_chrome"]


def test_site_chrome_recurring_across_documents_of_one_outlet():
    other = ["A storm closed the coastal road for six hours on Sunday, police said in a statement.",
             "Drivers were told to use the inland route until engineers had checked the sea wall."]
    frame = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["Courier", "Courier", "Gazette"],
                          "raw_text": [page("Harbour Courier Online", "Ferry terminal to open in spring", *BODY),
                                       page("Harbour Courier Online", "Coastal road closed by storm", *other),
                                       page("Harbour Courier Online", "Ferry terminal to open in spring", *BODY)]})
    assert find_site_chrome(frame) == {"Courier": frozenset({"harbour courier online"})}
    documents, removed = clean_corpus(frame)
    by_doc = removed[removed["text"] == "Harbour Courier Online"].set_index("doc_id")["rule"].to_dict()
    assert by_doc["a"] == by_doc["b"] == "recurring_in_outlet"
    assert by_doc["c"] != "recurring_in_outlet"  # another outlet: no cross-document evidence
    assert documents["title"].tolist() == ["Ferry terminal to open in spring", "Coastal road closed by storm",
                                           "Ferry terminal to open in spring"]


def test_empty_body_is_flagged_not_dropped(tmp_path):
    (tmp_path / "a.txt").write_text("Share\nTweet\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(page("Ferry terminal to open in spring", *BODY), encoding="utf-8")
    with pytest.warns(UserWarning, match="a: no body text left after cleaning"):
        documents, removed = clean_corpus(load_corpus(tmp_path))
    assert documents["empty_body"].tolist() == [True, False]
    assert documents["text"].tolist()[0] == ""
    assert removed[removed["doc_id"] == "a"]["rule"].tolist() == ["share_buttons", "share_buttons"]
    assert list(removed.columns) == list(REMOVED_COLUMNS)


def test_html_file_is_extracted_then_cleaned(tmp_path):
    html = ("<html><head><title>Ferry terminal to open in spring</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
            "<h1>Ferry terminal to open in spring</h1>" + "".join(f"<p>{p}</p>" for p in BODY) +
            "</article><footer>© 2024 Example Media. All rights reserved.</footer></body></html>")
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    documents, removed = clean_corpus(load_corpus(tmp_path))
    assert documents.loc[0, "format"] == "html"
    assert documents.loc[0, "title"] == "Ferry terminal to open in spring"
    assert documents.loc[0, "text"] == "\n\n".join(BODY)


def test_seed_corpus_columns_and_audit_trail():
    documents, removed = clean_corpus(load_corpus(RAW, RAW / "metadata.csv"))
    assert list(documents.columns[:1]) == ["doc_id"]
    for column in ("title", "text", "paragraphs", "empty_body", "dateline", "published_in_text", "byline",
                   "credit", "captions"):
        assert column in documents
    assert "raw_text" not in documents
    assert not documents["empty_body"].any()
    assert set(removed["doc_id"]) == set(documents["doc_id"])
    # Every removed row points at its raw text.
    corpus = load_corpus(RAW, RAW / "metadata.csv").set_index("doc_id")
    for row in removed.itertuples():
        assert corpus.loc[row.doc_id, "raw_text"][row.start:row.end] == row.text


def test_pull_quote_shortened_from_a_paragraph_is_removed():
    quote_para = ('"We were told the terminal was a dream," said harbour master Ines Vale. "It was. But we also '
                  'found the money for it."')
    pull = '"We were told the terminal was a dream. But we also found the money for it."'
    doc = clean_document(page("Ferry terminal to open in spring", P1, quote_para, pull, P2, P3))
    assert rules(doc)[pull] == "repeated_text"
    assert quote_para in doc.text


def test_author_bio_but_not_a_sentence_about_a_journalist():
    bio = "Maria Keller is a freelance writer based in Gdansk."
    sentence = "The new harbour master is a former journalist who covered the port for a decade."
    doc = clean_document(page("Ferry terminal to open in spring", P1, sentence, P2, P3, bio))
    assert rules(doc)[bio] == "author_bio"
    assert sentence in doc.text


@pytest.mark.parametrize("sentence", [
    "The streaming service lost two million subscribers in the quarter, the company said on Tuesday.",
    "The bakery sold more than five thousand cookies at the harbour festival on Saturday afternoon.",
    "Copyright holders have sued the ferry company over the use of a song in its advertising campaign.",
    "The operator moved its booking data to backup sites after the outage, a spokesperson said.",
    "Residents can sign up for the discounted season ticket at the harbour office until the end of May.",
    "With wires cut by the storm, the harbour lost power for three days and the ferries stayed in port.",
    "Officials said the ferry company's newsletter had first reported the delay to the second berth.",
])
def test_cue_words_inside_body_sentences_do_not_remove_them(sentence):
    doc = clean_document(page("Ferry terminal to open in spring", P1, sentence, P2, P3, P4))
    assert sentence in [p.text for p in doc.paragraphs], rules(doc).get(sentence)
    assert len(doc.paragraphs) == 5


def test_explainer_question_subheads_and_key_points_list():
    doc = clean_document(page("What the new ferry timetable means", "Key points:",
                              "- Ferries will run every twenty minutes at peak times.",
                              "- The last ferry will leave at midnight on weekdays.",
                              "By Ana Lopez | 3 March 2024", P1, "Who is affected?", P2, P3))
    got = rules(doc)
    assert got["Who is affected?"] == "heading"
    assert doc.paragraphs[0].text == "Key points:"
    assert "- The last ferry will leave at midnight on weekdays." in doc.text
    assert doc.published == "2024-03-03" and doc.byline == "By Ana Lopez | 3 March 2024"


def test_wrapped_text_joins_before_a_capital_once_the_wrap_width_is_known():
    raw = ("Ferry terminal to open in spring\n\n"
           "The harbour authority said on Monday that the new ferry terminal\n"
           "would open in the spring, two years later than planned, after the\n"
           "contractor had run out of steel, according to the harbour's chief\n"
           "engineer, who spoke to reporters together with Transport Minister\n"
           "Ines Vale at the site.\n")
    doc = clean_document(raw)
    assert len(doc.paragraphs) == 1
    assert "Transport Minister Ines Vale at the site." in doc.text


def test_progress_bar_goes_to_stderr_when_asked(capsys):
    frame = pd.DataFrame({"doc_id": ["a"], "raw_text": [page("Ferry terminal to open in spring", *BODY)]})
    clean_corpus(frame, progress=True)
    captured = capsys.readouterr()
    assert "cleaning" in captured.err and captured.out == ""
    clean_corpus(frame, progress=False)
    assert capsys.readouterr().err == ""


def test_off_topic_rule_never_empties_an_article_without_a_common_topic():
    # Four paragraphs on four unrelated subjects: none is off-topic *relative
    # to the rest*, so the coherence rule must not remove them all.
    paragraphs = ["The orchestra rehearsed the symphony twice before the evening concert in the hall.",
                  "Farmers reported that the wheat harvest was late because of the heavy spring rain.",
                  "The museum opened a new gallery of medieval maps, coins and hand-drawn charts.",
                  "Engineers replaced the old bridge cables after an inspection found visible rust."]
    doc = clean_document("Miscellany\n" + "\n".join(paragraphs) + "\n")
    assert [p.text for p in doc.paragraphs] == paragraphs



def test_min_topic_words_of_zero_judges_no_paragraph_without_content_words(tmp_path):
    # A paragraph of stop words only has no content word to share; with the
    # threshold at 0 it must be kept as unjudged, not crash the coherence test.
    text = open(read_cleaning_lexicon().path, encoding="utf-8").read()
    custom = tmp_path / "cleaning.yaml"
    edited = re.sub(r"(min_topic_words:\n    value:) \d+", r"\1 0", text)
    assert edited != text
    custom.write_text(edited, encoding="utf-8")
    body = ["Negotiators from Kyiv and Moscow met in Istanbul on Tuesday to discuss the ceasefire talks.",
            "The ceasefire talks in Istanbul ended without a deal, negotiators from Kyiv said later.",
            "Moscow said the Istanbul talks on the ceasefire would resume next week with new negotiators.",
            "It is what it is, and there it was, as it had been and will be for all of us.",
            "Both delegations in Istanbul agreed that ceasefire talks between Kyiv and Moscow would go on."]
    doc = clean_document("\n\n".join(body), lexicon=read_cleaning_lexicon(custom))
    assert body[3] in [p.text for p in doc.paragraphs]
