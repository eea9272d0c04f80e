"""Shared helpers for the tests: paths and invented corpora."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


def write_corpus(folder: Path, docs: dict[str, str | bytes], metadata: str | None = None) -> Path:
    """Write invented documents (name -> text) and an optional metadata CSV into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in docs.items():
        path = folder / (name if "." in name else f"{name}.txt")
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if metadata is not None:
        (folder / "metadata.csv").write_text(metadata, encoding="utf-8")
    return folder
