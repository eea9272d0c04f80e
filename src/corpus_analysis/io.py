"""Read raw documents and their metadata, and validate them at the boundary.

Everything that enters the package passes through here; later stages trust
what this module returns.  Raw files are only ever read, never written.
"""

from __future__ import annotations

import csv
import hashlib
import os
import unicodedata
import warnings
from pathlib import Path

import pandas as pd

from .errors import CorpusError

METADATA_COLUMNS = ("doc_id", "outlet", "published", "event", "language", "source_note")
REQUIRED_COLUMNS = ("doc_id", "outlet", "published")
TEXT_SUFFIXES = (".txt", ".html", ".htm")
CHECKSUM_FILE = "SHA256SUMS"
# A news article is a few kB; a single file far above this is almost always a
# mis-exported dump or a binary and would exhaust memory downstream.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

__all__ = [
    "CorpusError",
    "METADATA_COLUMNS",
    "read_metadata",
    "read_text",
    "decode_bytes",
    "list_raw_files",
    "verify_checksums",
    "write_checksums",
    "load_corpus",
    "write_table",
    "read_documents",
]


def read_metadata(path: str | Path) -> pd.DataFrame:
    """Read and validate a metadata CSV.

    Parameters
    ----------
    path : str or Path
        CSV with at least ``doc_id``, ``outlet`` and ``published`` (ISO date);
        ``event``, ``language`` and ``source_note`` are optional.

    Returns
    -------
    pandas.DataFrame
        One row per document, columns in :data:`METADATA_COLUMNS` order first,
        ``published`` parsed as a date.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "metadata.csv"
    >>> _ = p.write_text("doc_id,outlet,published\\na,Daily,2022-03-28\\n")
    >>> read_metadata(p)[["doc_id", "outlet"]].to_dict("records")
    [{'doc_id': 'a', 'outlet': 'Daily'}]
    """
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"{path}: metadata file not found. Pass the path of the CSV "
                          "that lists one row per document (doc_id, outlet, published, ...).")
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not valid UTF-8 (byte {exc.start}). Save the metadata "
                          "file as UTF-8 and run again.") from None
    try:
        rows = list(csv.reader(content.splitlines()))
    except csv.Error as exc:
        raise CorpusError(f"{path}: not a readable CSV ({exc}). Check quoting and separators.") from None
    if not rows:
        raise CorpusError(f"{path}: metadata file is empty. Add a header row "
                          f"({', '.join(METADATA_COLUMNS)}) and one row per document.")
    header = [h.strip() for h in rows[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise CorpusError(f"{path}: missing column(s) {', '.join(missing)}; the header is "
                          f"{', '.join(header)}. Add the column(s) to the header row.")
    if len(set(header)) != len(header):
        dup = sorted({h for h in header if header.count(h) > 1})
        raise CorpusError(f"{path}: duplicate column(s) {', '.join(dup)} in the header. Rename or remove them.")
    records = []
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise CorpusError(f"{path}, line {lineno}: {len(row)} fields where the header has "
                              f"{len(header)}. Quote fields that contain commas.")
        records.append({h: cell.strip() for h, cell in zip(header, row)} | {"_line": lineno})
    if not records:
        raise CorpusError(f"{path}: no document rows under the header. Add one row per document.")
    frame = pd.DataFrame.from_records(records)
    for column in METADATA_COLUMNS:
        if column not in frame:
            frame[column] = "unknown" if column != "source_note" else ""
    empty_id = frame.index[frame["doc_id"] == ""]
    if len(empty_id):
        line = frame.loc[empty_id[0], "_line"]
        raise CorpusError(f"{path}, line {line}: empty doc_id. Give every row the file stem of its document.")
    duplicated = frame["doc_id"][frame["doc_id"].duplicated()].unique()
    if len(duplicated):
        lines = frame.loc[frame["doc_id"] == duplicated[0], "_line"].tolist()
        raise CorpusError(f"{path}: doc_id '{duplicated[0]}' appears more than once (lines "
                          f"{', '.join(map(str, lines))}). Each document needs exactly one row.")
    published = pd.to_datetime(frame["published"], format="%Y-%m-%d", errors="coerce")
    bad = frame.index[published.isna()]
    if len(bad):
        row = frame.loc[bad[0]]
        raise CorpusError(f"{path}, line {row['_line']} (doc_id '{row['doc_id']}'): published "
                          f"'{row['published']}' is not an ISO date. Write it as YYYY-MM-DD.")
    frame["published"] = published.dt.date.astype("string")
    extra = [c for c in frame.columns if c not in METADATA_COLUMNS and c != "_line"]
    return frame[list(METADATA_COLUMNS) + extra].reset_index(drop=True)


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# Characters that text files do not contain: C0 controls other than tab, line
# and page breaks, and DEL.  A few are tolerated (stray form feeds, ESC).
_CONTROL = {c for c in range(32) if c not in (9, 10, 11, 12, 13)} | {127}
_CP1252_PUNCT = set("€‚ƒ„…†‡ˆ‰‹Œ‘’“”•–—˜™›œŸ¡¢£¤¥§©«®°±²³´µ¶·¹º»¼½¾¿×÷")


def _plausible_cp1252(text: str) -> bool:
    """Whether ``text``, decoded as cp1252, reads as Western European text.

    Genuine cp1252 text uses its non-ASCII characters as typographic
    punctuation (’ “ — …) or as accented letters inside words that also hold
    ASCII letters ("Café", "Zürich").  Random bytes give runs of accented
    letters with no ASCII letter around them ("ÿþú"), which a real word
    rarely is.
    """
    odd = total = 0
    for token in text.split():
        extra = [c for c in token if ord(c) > 127]
        if not extra:
            continue
        total += len(extra)
        letters = [c for c in extra if c not in _CP1252_PUNCT]
        if letters and not any(c.isascii() and c.isalpha() for c in token) and len(letters) >= 2:
            odd += len(letters)
    return total == 0 or odd / total <= 0.1


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """Decode the bytes of a raw document, refusing binary or undecodable data.

    Accepted: UTF-8 with or without a byte-order mark, UTF-16/UTF-32 with a
    byte-order mark, and (for files that are not UTF-8) Windows-1252, the
    usual encoding of older Western European exports, when the result reads
    as text.  Line ends, mojibake and Unicode normalisation are left to
    :mod:`corpus_analysis.clean`, so that character offsets refer to the
    decoded file.

    Parameters
    ----------
    data : bytes
        The file content.
    name : str
        The file name used in error messages.

    Returns
    -------
    str

    Raises
    ------
    CorpusError
        For binary data (NUL bytes or control characters) or bytes that are
        neither UTF-8 nor plausible Windows-1252.

    Examples
    --------
    >>> decode_bytes("Caf\u00e9 \u2019s".encode("cp1252"))
    'Café ’s'
    >>> decode_bytes("Kyiv".encode("utf-16"))
    'Kyiv'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise CorpusError(f"{name}: starts with a {encoding.upper()} byte-order mark but is not valid "
                                  f"{encoding.upper()} (byte {exc.start}). Re-save the file as UTF-8.") from None
            return text[1:] if text.startswith("\ufeff") else text
    if b"\x00" in data[:8192]:
        raise CorpusError(f"{name}: looks like a binary file (it contains NUL bytes), not text. "
                          "Remove it from the raw folder or export the article as UTF-8 text.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = None
        if text is None or not _plausible_cp1252(text):
            raise CorpusError(f"{name}: not valid UTF-8 (undecodable byte 0x{data[exc.start]:02x} at "
                              f"offset {exc.start}). Re-save the file as UTF-8. (It does not read as "
                              "Windows-1252 text either.)") from None
    sample = text[:8192]
    controls = sum(ord(c) in _CONTROL for c in sample)
    if sample and controls / len(sample) > 0.01:
        raise CorpusError(f"{name}: looks like a binary file ({controls} control characters in the "
                          "first 8,192), not text. Remove it from the raw folder or export the article "
                          "as UTF-8 text.")
    return text


def read_text(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read one raw document as text, refusing binary, oversized or undecodable files.

    Decoding follows :func:`decode_bytes`: UTF-8 with or without a
    byte-order mark, UTF-16/32 with a mark, or Windows-1252.  Line ends and
    Unicode normalisation are left to :mod:`corpus_analysis.clean`, so that
    character offsets refer to the decoded raw file.

    Parameters
    ----------
    path : str or Path
        The file to read.
    max_bytes : int
        Largest file accepted.

    Returns
    -------
    str
        The decoded text.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes("\ufeffKyiv".encode("utf-8"))
    >>> read_text(p)
    'Kyiv'
    """
    path = Path(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise CorpusError(f"{path}: {size:,} bytes, above the limit of {max_bytes:,} for one document. "
                          "Split the file into one document per file, or raise max_bytes if it "
                          "really is one article.")
    return decode_bytes(path.read_bytes(), str(path))


def list_raw_files(raw_dir: str | Path) -> list[Path]:
    """Return the document files (.txt, .html, .htm) in ``raw_dir``, sorted by name."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise CorpusError(f"{raw_dir}: raw folder not found. Pass the folder that holds the "
                          "documents (.txt or .html files).")
    return sorted(p for p in raw_dir.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_checksums(raw_dir: str | Path) -> Path:
    """Record the SHA-256 of every document in ``raw_dir`` in ``raw_dir/SHA256SUMS``."""
    raw_dir = Path(raw_dir)
    lines = [f"{_sha256(p)}  {p.name}\n" for p in list_raw_files(raw_dir)]
    target = raw_dir / CHECKSUM_FILE
    target.write_text("".join(lines), encoding="utf-8")
    return target


def verify_checksums(raw_dir: str | Path) -> None:
    """Check the documents in ``raw_dir`` against ``SHA256SUMS``; do nothing if it is absent.

    Raises
    ------
    CorpusError
        If a listed file is missing or changed, or a document is not listed.
    """
    raw_dir = Path(raw_dir)
    sums = raw_dir / CHECKSUM_FILE
    if not sums.is_file():
        return
    expected: dict[str, str] = {}
    for lineno, line in enumerate(sums.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split(maxsplit=1)
        if len(parts) != 2 or len(parts[0]) != 64:
            raise CorpusError(f"{sums}, line {lineno}: expected '<sha256>  <file name>'. "
                              "Regenerate it with `corpus-analysis checksums RAW_DIR`.")
        expected[parts[1].strip().lstrip("*")] = parts[0].lower()
    fix = ("Raw data is never modified: restore the original file (e.g. `git checkout -- "
           f"{raw_dir}`), or if you deliberately changed the corpus, record new checksums with "
           f"`corpus-analysis checksums {raw_dir}`.")
    for name, digest in sorted(expected.items()):
        path = raw_dir / name
        if not path.is_file():
            raise CorpusError(f"{path}: listed in {sums} but missing. {fix}")
        if _sha256(path) != digest:
            raise CorpusError(f"{path}: SHA-256 differs from {sums}; the raw file was changed. {fix}")
    unlisted = [p.name for p in list_raw_files(raw_dir) if p.name not in expected]
    if unlisted:
        raise CorpusError(f"{raw_dir / unlisted[0]}: not listed in {sums}. {fix}")


def load_corpus(raw_dir: str | Path, metadata_path: str | Path | None = None, *,
                verify: bool = True, max_bytes: int = DEFAULT_MAX_BYTES) -> pd.DataFrame:
    """Load raw documents and their metadata into one validated DataFrame.

    Parameters
    ----------
    raw_dir : str or Path
        Folder of .txt/.html documents, one article per file; the file stem is
        the ``doc_id``.
    metadata_path : str or Path, optional
        Metadata CSV (see :func:`read_metadata`).  Without it, every document
        gets ``outlet`` 'unknown' and no date.
    verify : bool
        Check ``SHA256SUMS`` in ``raw_dir`` when it exists.
    max_bytes : int
        Largest document accepted.

    Returns
    -------
    pandas.DataFrame
        One row per document, sorted by ``doc_id``: the metadata columns, then
        ``path``, ``format`` ('txt' or 'html') and ``raw_text``.
    """
    raw_dir = Path(raw_dir)
    files = list_raw_files(raw_dir)
    if not files:
        raise CorpusError(f"{raw_dir}: no .txt or .html documents found. Put one article per file in this folder.")
    stems: dict[str, Path] = {}
    for path in files:
        if path.stem in stems:
            raise CorpusError(f"{path}: same doc_id '{path.stem}' as {stems[path.stem].name}. "
                              "Rename one of them so every file stem is unique.")
        stems[path.stem] = path
    if verify:
        verify_checksums(raw_dir)
    if metadata_path is None:
        meta = pd.DataFrame({"doc_id": sorted(stems)})
        for column in METADATA_COLUMNS[1:]:
            meta[column] = "unknown" if column != "source_note" else ""
        meta["published"] = pd.Series([pd.NA] * len(meta), dtype="string")
    else:
        meta = read_metadata(metadata_path)
        ids = set(meta["doc_id"])
        no_file = sorted(ids - set(stems))
        if no_file:
            raise CorpusError(f"{metadata_path}: doc_id '{no_file[0]}' has no file {raw_dir / no_file[0]}.txt "
                              f"(or .html). Add the file or remove the row{'s' if len(no_file) > 1 else ''}"
                              f"{' (also: ' + ', '.join(no_file[1:4]) + ')' if len(no_file) > 1 else ''}.")
        no_row = sorted(set(stems) - ids)
        if no_row:
            raise CorpusError(f"{stems[no_row[0]]}: no row in {metadata_path}. Add a row with doc_id "
                              f"'{no_row[0]}' or move the file out of {raw_dir}.")
    texts = []
    for doc_id in meta["doc_id"]:
        path = stems[doc_id]
        text = read_text(path, max_bytes=max_bytes)
        if not unicodedata.normalize("NFC", text).strip():
            warnings.warn(f"{path}: document is empty; it is kept as a flagged row.", stacklevel=2)
        texts.append((str(path), "txt" if path.suffix.lower() == ".txt" else "html", text))
    meta = meta.copy()
    meta["path"] = [t[0] for t in texts]
    meta["format"] = [t[1] for t in texts]
    meta["raw_text"] = [t[2] for t in texts]
    return meta.sort_values("doc_id", kind="stable").reset_index(drop=True)


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` to ``path`` (.parquet or .csv) atomically.

    The file is written beside its target and renamed into place, so an
    interrupted run never leaves a half-written table where a good one was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        if path.suffix == ".parquet":
            frame.to_parquet(tmp, index=False)
        elif path.suffix == ".csv":
            frame.to_csv(tmp, index=False, lineterminator="\n")
        else:
            raise ValueError(f"{path}: unsupported table format; use .parquet or .csv")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def read_documents(processed_dir: str | Path) -> pd.DataFrame:
    """Read the processed document table written by ``corpus-analysis build`` (or ``make reproduce``).

    Examples
    --------
    >>> read_documents("/nonexistent")
    Traceback (most recent call last):
    ...
    corpus_analysis.errors.CorpusError: /nonexistent/documents.parquet: processed documents not found. Run `make reproduce` (or `corpus-analysis build --raw RAW --out /nonexistent`) first.
    """
    path = Path(processed_dir) / "documents.parquet"
    if not path.is_file():
        raise CorpusError(f"{path}: processed documents not found. Run `make reproduce` (or "
                          f"`corpus-analysis build --raw RAW --out {processed_dir}`) first.")
    return pd.read_parquet(path)
