"""Reading the YAML lexicons: the fast loader gives what PyYAML's safe loader gives."""

import pytest
import yaml

from corpus_analysis.lexicon import LexiconError, default_lexicon_path, load_yaml


@pytest.mark.parametrize("name", ["framing", "hedging", "cleaning", "claims"])
def test_shipped_lexicons_read_as_the_safe_loader_reads_them(name):
    path = default_lexicon_path(name)
    assert load_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", ["when: 2024-03-01\nyes_no: [yes, no, on, off]\nn: 1e3\nnull_value: ~\n",
                                  "anchors:\n  base: &b {a: 1}\n  copy: *b\n"])
def test_scalars_and_anchors_read_as_the_safe_loader_reads_them(tmp_path, text):
    path = tmp_path / "lexicon.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_yaml(path) == yaml.safe_load(text)


@pytest.mark.parametrize("text", ["labels:\n  strongman: [a, b\n", "toponyms: [unclosed", "a: 1\n  b: 2\n"])
def test_broken_yaml_names_the_line_the_safe_loader_names(tmp_path, text):
    path = tmp_path / "framing.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(yaml.YAMLError) as expected:
        yaml.safe_load(text)
    line = expected.value.problem_mark.line + 1
    with pytest.raises(LexiconError, match=rf"framing.yaml: not valid YAML at line {line}, "):
        load_yaml(path)


def test_empty_file_is_no_mapping(tmp_path):
    path = tmp_path / "hedging.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(LexiconError, match="expected a mapping"):
        load_yaml(path)


def test_a_lexicon_edited_in_place_is_compiled_again():
    # find_framing / find_hedges reuse the compiled lexicon across batches:
    # an edit to the same dict object must not be served the old patterns.
    import copy

    import pandas as pd

    from corpus_analysis.measures.framing import find_framing, read_framing_lexicon

    lexicon = copy.deepcopy(read_framing_lexicon())
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Talks in Kyiv and Kiev."]})
    assert find_framing(docs, lexicon, measures=("toponym",))["variant"].tolist() == ["Kyiv", "Kiev"]
    lexicon["toponyms"]["kyiv"]["variants"]["Kiev"]["forms"].remove("Kiev")
    lexicon["toponyms"]["kyiv"]["variants"]["Kiev"]["forms"].append("Kyjiw")
    assert find_framing(docs, lexicon, measures=("toponym",))["variant"].tolist() == ["Kyiv"]
