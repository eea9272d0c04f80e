from corpus_analysis.tokenize import count_words, split_sentences, tokenize_words


def test_words_keep_inner_hyphens_and_apostrophes():
    assert [t.text for t in tokenize_words("Kyiv’s cease-fire, pro-Kyiv forces' plan")] == \
        ["Kyiv’s", "cease-fire", "pro-Kyiv", "forces", "plan"]


def test_word_offsets_point_into_the_text():
    text = "  Moscow — and Kyiv."
    for token in tokenize_words(text):
        assert text[token.start:token.end] == token.text


def test_count_words_matches_tokens():
    text = "Russia and Ukraine will meet on Wednesday."
    assert count_words(text) == len(tokenize_words(text)) == 7


def test_sentences_split_at_terminal_punctuation_and_paragraphs():
    text = "Talks resume. “We agree,” he said.\n\nA new paragraph"
    assert [text[s:e] for s, e in split_sentences(text)] == \
        ["Talks resume.", "“We agree,” he said.", "A new paragraph"]
