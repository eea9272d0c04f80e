"""Analysis parameters: one file (params.yaml), overridable from the command line.

Every notebook takes the same parameters, declared in its cell tagged
``parameters``.  :func:`resolve_params` merges ``params.yaml`` with overrides
and refuses unknown or missing names, which papermill itself only warns about.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .errors import CorpusError
from .lexicon import load_yaml

__all__ = ["PARAMETERS", "resolve_params", "hash_params", "lexicon_path"]

# name -> (type, meaning).  A value of None means "use the package default".
PARAMETERS: dict[str, tuple[type | tuple, str]] = {
    "raw_dir": (str, "folder of raw .txt/.html documents"),
    "metadata_path": ((str, type(None)), "metadata CSV; null for none (outlet 'unknown')"),
    "processed_dir": (str, "folder for derived data tables"),
    "out_dir": (str, "folder for figures, tables, values and executed notebooks"),
    "lexicon_dir": ((str, type(None)), "folder with framing.yaml / hedging.yaml / cleaning.yaml; null = shipped lexicons"),
    "seed": (int, "random seed for bootstrap and permutation tests"),
    "group_col": (str, "metadata column whose values are compared (usually outlet)"),
}


def resolve_params(path: str | Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Read ``params.yaml`` and apply ``overrides``; every parameter must be known and present.

    When ``raw_dir`` is overridden but ``metadata_path`` is not, the metadata
    is looked for as ``raw_dir/metadata.csv`` (null if there is none), so that
    ``make reproduce RAW=other/corpus`` never mixes one corpus with another's metadata.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "params.yaml"
    >>> _ = p.write_text("raw_dir: r\\nmetadata_path: r/metadata.csv\\nprocessed_dir: p\\nout_dir: o\\n"
    ...                  "lexicon_dir: null\\nseed: 1\\ngroup_col: outlet\\n")
    >>> resolve_params(p, {"seed": "7"})["seed"]
    7
    """
    path = Path(path)
    params = load_yaml(path)
    overrides = {k: v for k, v in (overrides or {}).items() if v not in (None, "")}
    unknown = sorted(set(params) - set(PARAMETERS))
    if unknown:
        raise CorpusError(f"{path}: unknown parameter(s) {', '.join(unknown)}. Known parameters: "
                          f"{', '.join(PARAMETERS)}.")
    unknown = sorted(set(overrides) - set(PARAMETERS))
    if unknown:
        raise CorpusError(f"unknown parameter override(s) {', '.join(unknown)}. Known parameters: "
                          f"{', '.join(PARAMETERS)}.")
    if "raw_dir" in overrides and "metadata_path" not in overrides:
        candidate = Path(overrides["raw_dir"]) / "metadata.csv"
        overrides["metadata_path"] = str(candidate) if candidate.is_file() else None
    params.update(overrides)
    missing = [name for name in PARAMETERS if name not in params]
    if missing:
        raise CorpusError(f"{path}: missing parameter(s) {', '.join(missing)}. Add them "
                          f"({'; '.join(f'{n}: {PARAMETERS[n][1]}' for n in missing)}).")
    for name, (kind, meaning) in PARAMETERS.items():
        value = params[name]
        if kind is int and isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = params[name] = int(value)
        if isinstance(value, str) and value.lower() in ("null", "none") and isinstance(kind, tuple):
            value = params[name] = None
        if not isinstance(value, kind) or isinstance(value, bool):
            raise CorpusError(f"parameter {name}={value!r} is not valid: expected {meaning}.")
    return {name: params[name] for name in PARAMETERS}


def hash_params(params: dict[str, Any]) -> str:
    """SHA-256 of the parameters, independent of their order."""
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode("utf-8")).hexdigest()


def lexicon_path(lexicon_dir: str | Path | None, name: str) -> Path:
    """The lexicon file ``name``.yaml: from ``lexicon_dir`` when given, else the shipped one."""
    from .lexicon import default_lexicon_path

    if lexicon_dir is None:
        return default_lexicon_path(name)
    return Path(lexicon_dir) / f"{name}.yaml"
