"""Run the analysis on corpora larger than memory: batch readers and engines.

A corpus is read in batches of at most ``batch_size`` documents; each batch
goes through :func:`corpus_analysis.pipeline.analyse_partition` and its tables
are written as one Parquet part per table.  Nothing ever holds the whole
corpus, so memory is bounded by the batch size (times the number of batches in
flight), not by the size of the corpus.

Inputs
    A folder of ``.txt``/``.html`` files (with ``metadata.csv`` when present),
    or CSV, JSON Lines (``.jsonl``, ``.ndjson``) or Parquet files with one
    document per row: a text column and metadata columns.

Engines
    ``pandas`` processes the batches one after another in this process;
    ``dask`` sends them to a ``dask.distributed`` cluster (a ``LocalCluster``
    of single-threaded worker processes, since the stages are pure Python and
    threads would share one interpreter lock, or an existing scheduler, such
    as one started with dask-jobqueue on a Slurm cluster).  Both call the same
    function on the same batches, so their outputs are identical byte for byte.
    With Parquet inputs the Dask workers read their batches themselves and
    this process only hands out batch numbers and checks document ids.

Rows that cannot be read (no text, an undecodable byte, a date that is not
``YYYY-MM-DD``, a repeated ``doc_id``, a malformed line) are not analysed; each
is listed in ``rejected.csv`` with its file, row number and reason, and the run
goes on.

Output layout (``out_dir``)::

    documents/part-00000.parquet ...   one row per document (cleaned text, words)
    removed/part-00000.parquet ...     one row per span removed by cleaning
    evidence/part-00000.parquet ...    one row per lexicon hit
    measures/part-00000.parquet ...    one row per document, every measure
    measures.parquet                   all measure parts in one table, by doc_id
                                       (a streaming merge of the parts)
    rejected.csv                       one row per input row not analysed
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import itertools
import json
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import CorpusError
from .io import (DEFAULT_MAX_BYTES, METADATA_COLUMNS, list_raw_files, read_metadata, read_text,
                 verify_checksums, write_table)

__all__ = ["TABLES", "REJECTED_COLUMNS", "DEFAULT_BATCH_SIZE", "Batch", "RunSummary",
           "iter_batches", "process_batch", "run_corpus", "read_results", "merge_sorted_parts",
           "scan_site_chrome"]

TABLES = ("documents", "removed", "evidence", "measures")
REJECTED_COLUMNS = ("source", "row", "doc_id", "reason")
# A few MB of text per batch: large enough that per-batch overhead (pickling
# to a worker, one Parquet file per table) is small, small enough that a
# handful of batches in flight stay far below a gigabyte.
DEFAULT_BATCH_SIZE = 1000
TABLE_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet",
                  ".pq": "parquet"}
_SURROGATE = re.compile("[\ud800-\udfff]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class Batch:
    """One batch of raw documents (``corpus``, shaped like :func:`~corpus_analysis.io.load_corpus`'s
    output) and the input rows rejected while reading it (:data:`REJECTED_COLUMNS` tuples)."""

    index: int
    corpus: pd.DataFrame
    rejected: list[tuple] = field(default_factory=list)


# --- readers ------------------------------------------------------------------

def _is_iso_date(value: str) -> bool:
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


class _RowChecker:
    """Turns raw records of one input into corpus rows, rejecting malformed ones.

    Column mapping: ``columns`` renames source columns to corpus names; the
    text column becomes ``raw_text`` and the id column ``doc_id``.  Without an
    id column, ``doc_id`` is ``<file stem>-<row>``.  The metadata columns of
    :data:`~corpus_analysis.io.METADATA_COLUMNS` missing from the input are
    filled as :func:`~corpus_analysis.io.load_corpus` fills them.
    """

    def __init__(self, source: Path, header: list[str], *, text_column: str, id_column: str,
                 columns: Mapping[str, str], text_format: str, seen: set[str], max_bytes: int):
        self.source = source
        self.text_format = text_format
        self.seen = seen
        self.max_bytes = max_bytes
        rename = dict(columns)
        rename[text_column] = "raw_text"
        rename[id_column] = "doc_id"
        self.header = list(header)
        self.names = [rename.get(h, h) for h in header]
        self.source_name = dict(zip(self.names, self.header))
        if "raw_text" not in self.names:
            raise CorpusError(f"{source}: no text column '{text_column}' (columns: "
                              f"{', '.join(map(str, header))}). Name the column that holds the "
                              "article text with --text-column.")
        dup = sorted({n for n in self.names if self.names.count(n) > 1})
        if dup:
            raise CorpusError(f"{source}: after mapping, column(s) {', '.join(dup)} appear twice. "
                              "Map each source column to a distinct name.")
        self.has_id = "doc_id" in self.names
        self.has_date = "published" in self.names
        extra = [n for n in self.names if n not in METADATA_COLUMNS and n != "raw_text"]
        self.out_columns = list(METADATA_COLUMNS) + extra + ["path", "source_row", "format", "raw_text"]

    def check(self, row: int, values: Mapping[str, object]) -> tuple[dict | None, tuple | None]:
        """Return (corpus row, None) for a good record or (None, rejected row)."""
        record, bad = self._strings(row, values)
        if bad:
            return None, bad
        for name, value in record.items():
            if value.isascii():
                continue
            # An undecodable byte read with surrogateescape (CSV) or a lone
            # surrogate escaped in JSON: the one thing strict UTF-8 cannot
            # encode, and the encoder finds the first faster than a search.
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                return None, self._reject(row, record, f"column '{self.source_name[name]}': undecodable byte at character "
                                                       f"{exc.start} (not UTF-8)")
        text = record["raw_text"]
        if not text.strip():
            return None, self._reject(row, record, "missing text")
        if len(text) > self.max_bytes:
            return None, self._reject(row, record, f"text of {len(text):,} characters, above the limit "
                                                   f"of {self.max_bytes:,} for one document")
        doc_id = self._doc_id(row, record)
        if not doc_id:
            return None, self._reject(row, record, "missing doc_id")
        if self.has_date:
            date = record["published"].strip()
            if not _is_iso_date(date):
                return None, self._reject(row, record, f"published '{date}' is not a date written "
                                                       "YYYY-MM-DD")
        # The one check that depends on other rows comes last, so that a row is
        # judged on its own first (and the Dask engine can check rows on the
        # workers and leave only repeated ids to the client; see _scan_part).
        if doc_id in self.seen:
            return None, self._reject(row, record, _repeated(doc_id))
        self.seen.add(doc_id)
        return self._corpus_row(row, record, doc_id), None

    def checked(self, row: int, values: Mapping[str, object]) -> dict:
        """The corpus row of a record that :meth:`check` accepted in an earlier read of the same input.

        The same row as ``check`` returned, without judging the record again
        (see :class:`_Checked`).
        """
        record, bad = self._strings(row, values)
        if bad:
            raise _changed(self.source)
        doc_id = self._doc_id(row, record)
        # Folder inputs later in the run judge their ids against these.
        self.seen.add(doc_id)
        return self._corpus_row(row, record, doc_id)

    def _doc_id(self, row: int, record: dict) -> str:
        # Without an id column, each row is named after its file and row number.
        return record.get("doc_id", "").strip() if self.has_id else f"{self.source.stem}-{row}"

    def _strings(self, row: int, values: Mapping[str, object]) -> tuple[dict | None, tuple | None]:
        """The record's values as strings, by corpus name, or (None, rejected row) for an undecodable one."""
        record = {}
        for name in self.names:
            value = values.get(name)
            if isinstance(value, str):
                record[name] = value
                continue
            if isinstance(value, bytes):
                try:
                    value = value.decode("utf-8")
                except UnicodeDecodeError as exc:
                    return None, self._reject(row, values, f"column '{self.source_name[name]}': undecodable byte at offset "
                                                          f"{exc.start} (not UTF-8)")
            if value is None or (isinstance(value, float) and value != value):
                value = ""
            elif isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
                # A date stored as a midnight timestamp (common in Parquet).
                value = value.date().isoformat()
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            record[name] = value if isinstance(value, str) else str(value)
        return record, None

    def _corpus_row(self, row: int, record: dict, doc_id: str) -> dict:
        out = {name: (value.strip() if name != "raw_text" else value) for name, value in record.items()}
        out["doc_id"] = doc_id
        for column in METADATA_COLUMNS[1:]:
            if column not in out:
                out[column] = "" if column in ("source_note", "published") else "unknown"
        out["path"] = str(self.source)
        out["source_row"] = row
        out["format"] = self.text_format
        return out

    def _reject(self, row: int, record: Mapping, reason: str) -> tuple:
        doc_id = record.get("doc_id", "") if self.has_id else f"{self.source.stem}-{row}"
        doc_id = "" if doc_id is None else str(doc_id)
        return (str(self.source), row, _SURROGATE.sub("\ufffd", doc_id.strip()), reason)

    def frame(self, rows: list[dict]) -> pd.DataFrame:
        if rows:
            # Column by column: a third of the time of from_records, same dtypes.
            frame = pd.DataFrame({name: [r[name] for r in rows] for name in self.out_columns if name != "raw_text"})
        else:
            frame = pd.DataFrame.from_records(rows, columns=self.out_columns, exclude=["raw_text"])
        # The raw text stays a column of Python strings: it is only read (by
        # cleaning), and converting a batch of pages to Arrow strings and back
        # would cost more than reading it.
        frame["raw_text"] = pd.Series([r["raw_text"] for r in rows], dtype=object)
        frame["source_row"] = frame["source_row"].astype("int64")
        # Empty published (no date given) becomes missing, as in load_corpus.
        frame["published"] = frame["published"].astype("string").replace("", pd.NA)
        return frame


def _repeated(doc_id: str) -> str:
    return f"doc_id '{doc_id}' already seen earlier in the input"


def _records_csv(path: Path):
    """Yield the header, then (row, values) per record; row 1 is the first row under the header."""
    # Articles are longer than the csv module's default field limit (128 kB).
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    # surrogateescape keeps undecodable bytes as lone surrogates, so that the
    # one row holding them is rejected and the rest of the file still reads.
    with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise CorpusError(f"{path}: empty file. Add a header row and one row per document.") from None
        except csv.Error as exc:
            raise CorpusError(f"{path}: header is not readable CSV ({exc}).") from None
        header = [h.strip() for h in header]
        yield header
        row = 0
        while True:
            row += 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield row, f"not readable CSV ({exc}; line {reader.line_num})"
                continue
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                yield row, (f"{len(fields)} fields where the header has {len(header)} "
                            f"(line {reader.line_num}); quote fields that contain commas")
                continue
            yield row, dict(zip(header, fields))


def _records_jsonl(path: Path):
    """Yield the header (keys of the first object), then (row, values); row = line number."""
    header = None
    pending = []
    with open(path, "rb") as handle:
        for row, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line.decode("utf-8-sig" if row == 1 else "utf-8"))
            except UnicodeDecodeError as exc:
                item = (row, f"undecodable byte at offset {exc.start} of the line (not UTF-8)")
            except json.JSONDecodeError as exc:
                item = (row, f"not valid JSON ({exc.msg} at column {exc.colno})")
            else:
                item = (row, value) if isinstance(value, dict) else (row, "not a JSON object")
            if header is None:
                if isinstance(item[1], dict):
                    # The first object fixes the columns of the whole file, so
                    # that every batch has the same columns whatever its size.
                    header = list(item[1])
                    yield header
                    yield from pending
                    pending = []
                else:
                    pending.append(item)
                    continue
            yield item
    if header is None:
        raise CorpusError(f"{path}: no JSON object found. Write one object per line, e.g. "
                          '{"doc_id": "a1", "text": "..."}.')


def _records_parquet(path: Path, batch_size: int):
    import pyarrow.parquet as pq

    try:
        # pre_buffer=False: with pre-buffering, pyarrow keeps the buffers of
        # the row groups already read, and memory grows with the file.
        handle = pq.ParquetFile(path, pre_buffer=False)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise CorpusError(f"{path}: not a readable Parquet file ({exc}).") from None
    yield list(handle.schema_arrow.names)
    row = 0
    for record_batch in handle.iter_batches(batch_size=batch_size):
        for values in record_batch.to_pylist():
            row += 1
            yield row, values


def _parquet_part(source, part: int, batch_size: int) -> list[tuple[int, dict]]:
    """Batch ``part`` of a Parquet file (a path or an open ``ParquetFile``), as _records_parquet yields its rows.

    Rows ``part * batch_size + 1`` on; only the row groups that hold them are read.
    """
    import pyarrow.parquet as pq

    handle = source if isinstance(source, pq.ParquetFile) else pq.ParquetFile(source, pre_buffer=False)
    metadata = handle.metadata
    start = part * batch_size
    stop = min(start + batch_size, metadata.num_rows)
    groups, first, offset = [], 0, 0
    for group in range(metadata.num_row_groups):
        rows = metadata.row_group(group).num_rows
        if offset < stop and offset + rows > start:
            if not groups:
                first = offset
            groups.append(group)
        offset += rows
    table = handle.read_row_groups(groups).slice(start - first, stop - start)
    return [(start + i + 1, values) for i, values in enumerate(table.to_pylist())]


def _input_paths(inputs: str | Path | Iterable[str | Path]) -> list[Path]:
    return [Path(inputs)] if isinstance(inputs, (str, Path)) else [Path(p) for p in inputs]


def _input_format(path: Path) -> str:
    if path.is_dir():
        return "folder"
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise CorpusError(f"{path}: unsupported input; give a folder of .txt/.html files or a "
                          f"{', '.join(sorted(TABLE_SUFFIXES))} file.")
    return TABLE_SUFFIXES[suffix]


def _iter_table(path: Path, kind: str, *, batch_size: int, seen: set[str], text_column: str,
                id_column: str, columns: Mapping[str, str], text_format: str, max_bytes: int,
                checks: _Checks | None = None):
    records = {"csv": lambda: _records_csv(path), "jsonl": lambda: _records_jsonl(path),
               "parquet": lambda: _records_parquet(path, batch_size)}[kind]()
    header = next(records)
    checker = _RowChecker(path, header, text_column=text_column, id_column=id_column, columns=columns,
                          text_format=text_format, seen=seen, max_bytes=max_bytes)
    # A batch is ``batch_size`` input rows (fewer documents when some are
    # rejected), so that batch k of a file is the same rows whoever reads it.
    for chunk in _chunks(records, batch_size):
        if checks is None:
            yield _check_rows(checker, chunk)
        elif checks.recording:
            corpus, rejected = _check_rows(checker, chunk)
            checks.done.append(_Checked(frozenset(r[1] for r in rejected), rejected))
            yield corpus, rejected
        else:
            known = next(checks.replay, None)
            if known is None:
                raise _changed(path)
            yield _check_rows(checker, chunk, known=known)


def _chunks(iterable, size: int):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _check_rows(checker: _RowChecker, records, repeated: frozenset[int] = frozenset(),
                known: _Checked | None = None) -> tuple[pd.DataFrame, list[tuple]]:
    # ``repeated``: rows whose id an earlier batch holds (found by the client
    # when the workers check the batches, see _check_parts).  ``known``: what
    # an earlier read of these records found (the rows are then not judged
    # again, see _Checked).
    rows: list[dict] = []
    rejected: list[tuple] = []
    # Without renamed columns the records are already keyed by corpus name.
    same = checker.names == checker.header
    for row, values in records:
        if known is not None and row in known.rows:
            continue
        if isinstance(values, str):
            if known is not None:
                raise _changed(checker.source)
            rejected.append((str(checker.source), row, "", values))
            continue
        if not same:
            values = {checker.names[i]: values.get(h) for i, h in enumerate(checker.header)}
        if known is not None:
            rows.append(checker.checked(row, values))
            continue
        good, bad = checker.check(row, values)
        if good is not None and row in repeated:
            good, bad = None, checker._reject(row, good, _repeated(good["doc_id"]))
        if bad:
            rejected.append(bad)
        else:
            rows.append(good)
    return checker.frame(rows), (rejected if known is None else known.rejected)


@dataclass(frozen=True)
class _Checked:
    """What reading one batch of a table input found: the rows it rejected, by row number and as rejected rows.

    A run reads every batch twice (to count site chrome, then to analyse it);
    the second read takes the judgement of the first instead of checking
    each row again, so that a row is validated once and rejected once.
    """

    rows: frozenset[int]
    rejected: list[tuple]


@dataclass
class _Checks:
    """The :class:`_Checked` of every batch of the table inputs of a run, in input order.

    The first read records them (``replay`` None); :meth:`replaying` gives
    them to the second read of the same inputs, batch after batch.
    """

    done: list[_Checked] = field(default_factory=list)
    replay: Iterator[_Checked] | None = None

    @property
    def recording(self) -> bool:
        return self.replay is None

    def replaying(self) -> _Checks:
        return _Checks(self.done, iter(self.done))


def _changed(source: Path) -> CorpusError:
    return CorpusError(f"{source}: the file changed while the run was reading it. Run again on a file "
                       "that is not being written.")


def _iter_folder(folder: Path, *, batch_size: int, seen: set[str], metadata: Path | None,
                 verify: bool, max_bytes: int):
    files = {p.stem: p for p in list_raw_files(folder)}
    if verify:
        verify_checksums(folder)
    metadata = metadata if metadata is not None else folder / "metadata.csv"
    rejected: list[tuple] = []
    if metadata.is_file():
        meta = read_metadata(metadata)
        for doc_id in sorted(set(meta["doc_id"]) - set(files)):
            line = int(meta.index[meta["doc_id"] == doc_id][0]) + 2
            rejected.append((str(metadata), line, doc_id, f"no file {doc_id}.txt or .html in {folder}"))
        for doc_id in sorted(set(files) - set(meta["doc_id"])):
            rejected.append((str(files[doc_id]), 0, doc_id, f"no row in {metadata}"))
        meta = meta[meta["doc_id"].isin(files)]
    else:
        meta = pd.DataFrame({"doc_id": sorted(files)})
        for column in METADATA_COLUMNS[1:]:
            meta[column] = "unknown" if column != "source_note" else ""
        meta["published"] = pd.Series([pd.NA] * len(meta), dtype="string")
    meta = meta.sort_values("doc_id", kind="stable").reset_index(drop=True)
    for start in range(0, max(len(meta), 1), batch_size):
        chunk = meta.iloc[start:start + batch_size]
        keep, paths, formats, texts = [], [], [], []
        for position, doc_id in zip(chunk.index, chunk["doc_id"]):
            path = files[doc_id]
            if doc_id in seen:
                rejected.append((str(path), 0, doc_id, f"doc_id '{doc_id}' already seen earlier in the input"))
                continue
            try:
                text = read_text(path, max_bytes=max_bytes)
            except CorpusError as exc:
                rejected.append((str(path), 0, doc_id, str(exc).removeprefix(f"{path}: ")))
                continue
            if not unicodedata.normalize("NFC", text).strip():
                rejected.append((str(path), 0, doc_id, "missing text"))
                continue
            seen.add(doc_id)
            keep.append(position)
            paths.append(str(path))
            formats.append("txt" if path.suffix.lower() == ".txt" else "html")
            texts.append(text)
        corpus = chunk.loc[keep].copy()
        corpus["path"] = paths
        corpus["format"] = formats
        corpus["raw_text"] = texts
        if len(corpus) or rejected:
            yield corpus.reset_index(drop=True), rejected
        rejected = []


def iter_batches(inputs: str | Path | Iterable[str | Path], *, batch_size: int = DEFAULT_BATCH_SIZE,
                 text_column: str = "text", id_column: str = "doc_id",
                 columns: Mapping[str, str] | None = None, text_format: str = "txt",
                 metadata: str | Path | None = None, verify: bool = True,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Batch]:
    """Read one or more inputs as a stream of batches of raw documents.

    Parameters
    ----------
    inputs : path or list of paths
        Folders of .txt/.html documents, or .csv, .jsonl/.ndjson, .parquet files
        with one document per row; read in the order given.
    batch_size : int
        Most documents per batch.  A batch never spans two input files.
    text_column, id_column : str
        Columns of table inputs that hold the text and the document id.  With
        no id column, ``doc_id`` is ``<file stem>-<row>``.
    columns : mapping, optional
        Renames other source columns to corpus names, e.g. ``{"source":
        "outlet", "date": "published"}``.  A ``published`` column must hold
        ``YYYY-MM-DD`` dates.
    text_format : str
        ``'txt'`` or ``'html'``: what the text column of table inputs holds.
    metadata : path, optional
        Metadata CSV for folder inputs (default: ``metadata.csv`` in the folder).
    verify : bool
        Check ``SHA256SUMS`` of folder inputs when present.
    max_bytes : int
        Largest document accepted.

    Yields
    ------
    Batch
        ``corpus`` has the columns of :func:`~corpus_analysis.io.load_corpus`
        (table inputs add ``source_row``); ``rejected`` lists the rows not
        read, as (source, row, doc_id, reason).  Rows count from 1 under a
        CSV header, are line numbers in JSON Lines and row positions in
        Parquet, and are 0 for a whole file of a folder input.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.jsonl"
    >>> _ = p.write_text('{"id": "a", "body": "Talks resume."}\\n{"id": "b", "body": ""}\\n')
    >>> batch = next(iter_batches(p, text_column="body", id_column="id"))
    >>> batch.corpus["doc_id"].tolist(), [r[1:] for r in batch.rejected]
    (['a'], [(2, 'b', 'missing text')])
    """
    return _read_batches(inputs, batch_size=batch_size, text_column=text_column, id_column=id_column,
                         columns=columns, text_format=text_format, metadata=metadata, verify=verify,
                         max_bytes=max_bytes)


def _read_batches(inputs: str | Path | Iterable[str | Path], *, batch_size: int = DEFAULT_BATCH_SIZE,
                  text_column: str = "text", id_column: str = "doc_id",
                  columns: Mapping[str, str] | None = None, text_format: str = "txt",
                  metadata: str | Path | None = None, verify: bool = True,
                  max_bytes: int = DEFAULT_MAX_BYTES, checks: _Checks | None = None) -> Iterator[Batch]:
    """:func:`iter_batches`, recording or replaying the judgement of the rows of table inputs (``checks``)."""
    if batch_size < 1:
        raise CorpusError(f"batch size {batch_size}: give a positive number of documents per batch.")
    if text_format not in ("txt", "html"):
        raise CorpusError(f"text format '{text_format}': use 'txt' or 'html'.")
    paths = _input_paths(inputs)
    if not paths:
        raise CorpusError("no input given. Pass a folder of documents or a CSV/JSONL/Parquet file.")
    for path in paths:
        if not path.exists():
            raise CorpusError(f"{path}: input not found. Check the path.")
    seen: set[str] = set()
    index = 0
    for path in paths:
        kind = _input_format(path)
        if kind == "folder":
            stream = _iter_folder(path, batch_size=batch_size, seen=seen,
                                  metadata=Path(metadata) if metadata else None, verify=verify,
                                  max_bytes=max_bytes)
        else:
            stream = _iter_table(path, kind, batch_size=batch_size, seen=seen, text_column=text_column,
                                 id_column=id_column, columns=columns or {}, text_format=text_format,
                                 max_bytes=max_bytes, checks=checks)
        for corpus, rejected in stream:
            yield Batch(index, corpus, rejected)
            index += 1


def count_rows(inputs: str | Path | Iterable[str | Path]) -> int | None:
    """Rows in the inputs when known without reading them (Parquet metadata, folders), else None."""
    import pyarrow.parquet as pq

    paths = _input_paths(inputs)
    total = 0
    for path in paths:
        kind = _input_format(path)
        if kind == "parquet":
            total += pq.read_metadata(path).num_rows
        elif kind == "folder":
            total += len(list_raw_files(path))
        else:
            return None
    return total


# --- one batch ----------------------------------------------------------------

def _arrow_ready(frame: pd.DataFrame) -> pd.DataFrame:
    # An object column of strings (or an empty one) is written as a string
    # column, so that every part of a table has the same Parquet schema.
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object and all(v is None or isinstance(v, str) for v in frame[column]):
            frame[column] = frame[column].astype("str")
    return frame


def _part_path(out_dir: Path, table: str, index: int) -> Path:
    return out_dir / table / f"part-{index:05d}.parquet"


def process_batch(corpus: pd.DataFrame, index: int, out_dir: str | Path,
                  lexicons: dict | None = None) -> dict:
    """Analyse one batch and write its tables as part ``index``; return its counts.

    This is the function both engines run, in this process or on a worker.

    Returns
    -------
    dict
        ``index``, ``documents``, ``words``, ``empty_body`` (documents whose
        body came out empty) and ``removed`` (spans removed by cleaning).
    """
    from .pipeline import analyse_partition

    tables = analyse_partition(corpus, lexicons)
    for name in TABLES:
        write_table(_arrow_ready(tables[name]), _part_path(Path(out_dir), name, index))
    # Hand the batch's Arrow buffers back to the system, so that a long run's
    # memory stays at one batch rather than at the allocator's high-water mark.
    import pyarrow

    pyarrow.default_memory_pool().release_unused()
    documents = tables["documents"]
    return {"index": index, "documents": len(documents), "words": int(documents["words"].sum()),
            "empty_body": int(documents["empty_body"].sum()) if "empty_body" in documents else 0,
            "removed": len(tables["removed"])}


# --- engines ------------------------------------------------------------------

@dataclass
class RunSummary:
    """What a run did: counts, time, and the rows it could not read."""

    out_dir: Path
    engine: str
    documents: int = 0
    words: int = 0
    batches: int = 0
    empty_body: int = 0
    removed_spans: int = 0
    seconds: float = 0.0
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(REJECTED_COLUMNS)))

    def describe(self) -> str:
        """A short report for the end of a run."""
        rate = self.documents / self.seconds if self.seconds else float("nan")
        lines = [f"{self.documents:,} documents, {self.words:,} words in {self.seconds:.1f} s "
                 f"({rate:,.0f} documents/s, engine {self.engine}, {self.batches} batches) -> {self.out_dir}",
                 f"{self.removed_spans:,} spans removed by cleaning; {self.empty_body:,} documents "
                 "with an empty body (kept, flagged)"]
        if len(self.rejected):
            lines.append(f"{len(self.rejected):,} input rows rejected (listed in "
                         f"{self.out_dir / 'rejected.csv'}):")
            # Group reasons by their kind (the text before any quoted value).
            kinds = Counter(re.sub(r"'[^']*'", "'…'", r) for r in self.rejected["reason"])
            lines += [f"  {n:>8,}  {kind}" for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))]
        else:
            lines.append("no input rows rejected")
        return "\n".join(lines)


def _clear_parts(out_dir: Path) -> None:
    # Parts left by an earlier run with more batches would otherwise be read
    # together with this run's.
    for name in TABLES:
        for stale in sorted((out_dir / name).glob("part-*.parquet")):
            stale.unlink()


def _progress(total: int | None, enabled: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="doc", disable=not enabled, file=sys.stderr, smoothing=0.1)


_NOTHING = {"documents": 0, "words": 0, "empty_body": 0, "removed": 0}


def _run_pandas(batches: Iterator[Batch], out_dir: Path, lexicons: dict, bar, on_result) -> None:
    for batch in batches:
        if batch.corpus.empty:
            # Every row of this batch was rejected: nothing to analyse or write.
            on_result(batch, _NOTHING | {"index": batch.index})
            continue
        on_result(batch, process_batch(batch.corpus, batch.index, out_dir, lexicons))
        bar.update(len(batch.corpus))


@contextlib.contextmanager
def _dask_client(workers: int | None, scheduler: str | None, cluster_options: Mapping | None):
    """A client of the given scheduler, or of a new local cluster closed on exit."""
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        options = {"n_workers": workers or os.cpu_count() or 1, "threads_per_worker": 1,
                   "processes": True, "dashboard_address": None,
                   # Bind to loopback: a local cluster needs no network, and
                   # without a host Dask probes the route to a public address.
                   "host": "127.0.0.1", "protocol": "tcp://"}
        options.update(cluster_options or {})
        cluster = LocalCluster(**options)
        client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _submit_bounded(client, calls: Iterable[tuple], on_result) -> None:
    """Run ``function(*args)`` on the cluster for every ``(key, function, args)`` of ``calls``.

    ``on_result(key, result)`` is called in the order the results arrive.  At
    most two calls per worker thread are submitted ahead, so that the client
    reads (or plans) only a little ahead of the workers, however large the corpus.
    """
    from distributed import wait

    slots = sum(client.nthreads().values()) or 1
    in_flight: dict = {}

    def collect(done):
        for future in done:
            on_result(in_flight.pop(future), future.result())

    for key, function, args in calls:
        while len(in_flight) >= 2 * slots:
            collect(wait(list(in_flight), return_when="FIRST_COMPLETED").done)
        in_flight[client.submit(function, *args, pure=False)] = key
    while in_flight:
        collect(wait(list(in_flight), return_when="FIRST_COMPLETED").done)


def _map_dask(client, function, batches: Iterable[Batch], *args, on_result) -> None:
    """Call ``function(batch.corpus, batch.index, *args)`` on the cluster for every non-empty batch.

    ``on_result(batch, result)`` is called in the order the results arrive,
    with ``result`` None for a batch whose rows were all rejected.
    """
    def calls():
        for batch in batches:
            if batch.corpus.empty:
                on_result(batch, None)
                continue
            # Keep only what the caller needs; the text now lives on the worker.
            yield (Batch(batch.index, batch.corpus[["doc_id"]], batch.rejected), function,
                   (batch.corpus, batch.index, *args))

    _submit_bounded(client, calls(), on_result)


def _run_dask(client, batches: Iterator[Batch], out_dir: Path, lexicons: dict, bar, on_result) -> None:
    lexicons_future = client.scatter(lexicons, broadcast=True)

    def done(batch: Batch, result: dict | None) -> None:
        if result is None:
            on_result(batch, _NOTHING | {"index": batch.index})
            return
        on_result(batch, result)
        bar.update(len(batch.corpus))

    _map_dask(client, process_batch, batches, str(out_dir), lexicons_future, on_result=done)


# --- Dask: workers that read their own batches -----------------------------------
# With Parquet inputs whose row groups are not much larger than a batch, the
# workers read the rows of their batches themselves, and the client only
# plans: it sends (file, batch number) and receives each batch's ids, so that
# it, the one process every batch goes through, does not read and ship the
# whole corpus twice (once for the site-chrome count, once for the analysis).
# The workers check their rows as the client would, except for ids repeated
# across batches: the client finds those from the ids, in input order, and
# the workers drop them (_check_rows).  For the analysis, the client sends
# each batch's rejected rows back, and the worker reading it skips them and
# judges no row again (_Checked).  The batches and every output are the same
# as those of the pandas engine.

# A worker reads whole row groups: when a row group is longer than this many
# batches and larger than this many bytes (uncompressed), the client reads
# instead, so that a worker never holds a large part of the file for a batch.
_MAX_GROUP_BATCHES = 8
_MAX_GROUP_BYTES = 64_000_000


@dataclass(frozen=True)
class _Part:
    """Batch ``part`` of a Parquet file, read on a worker; ``index`` is its place in the run.

    ``path`` is the file as given (what the tables record), ``location`` the
    absolute path a worker reads, whatever its working directory.
    """

    path: Path
    part: int
    index: int
    location: Path


def _table_options(read_options: Mapping) -> dict:
    """The _RowChecker options among ``read_options``, with iter_batches' defaults."""
    return {"text_column": read_options.get("text_column", "text"),
            "id_column": read_options.get("id_column", "doc_id"),
            "columns": dict(read_options.get("columns") or {}),
            "text_format": read_options.get("text_format", "txt"),
            "max_bytes": read_options.get("max_bytes", DEFAULT_MAX_BYTES)}


def _worker_read_plan(inputs, batch_size: int, options: dict) -> list[_Part] | None:
    """Every batch of the inputs as a _Part when all are Parquet files a worker can read a batch of, else None.

    ``options``: the reader's options (:func:`_table_options`).
    """
    import pyarrow.parquet as pq

    paths = _input_paths(inputs)
    if not paths or batch_size < 1 or options["text_format"] not in ("txt", "html"):
        return None
    plan: list[_Part] = []
    for path in paths:
        if not path.is_file() or TABLE_SUFFIXES.get(path.suffix.lower()) != "parquet":
            return None
        try:
            handle = pq.ParquetFile(path)
        except Exception:  # the client's reader reports a damaged file
            return None
        metadata, header = handle.metadata, handle.schema_arrow.names
        groups = [metadata.row_group(g) for g in range(metadata.num_row_groups)]
        if any(g.num_rows > _MAX_GROUP_BATCHES * batch_size and g.total_byte_size > _MAX_GROUP_BYTES
               for g in groups):
            return None
        # Checks the columns now, with the reader's message, before any work starts.
        _RowChecker(path, header, seen=set(), **options)
        parts = -(-metadata.num_rows // batch_size)
        plan += [_Part(path, k, len(plan) + k, path.resolve()) for k in range(parts)]
    return plan


def _read_part(part: _Part, batch_size: int, options: dict, repeated: frozenset[int] = frozenset(),
               known: _Checked | None = None) -> tuple[pd.DataFrame, list[tuple]]:
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(part.location, pre_buffer=False)
    checker = _RowChecker(part.path, handle.schema_arrow.names, seen=set(), **options)
    return _check_rows(checker, _parquet_part(handle, part.part, batch_size), repeated, known)


def _scan_part(part: _Part, batch_size: int, options: dict, repeated: frozenset[int], lexicon) -> dict:
    """On a worker: the ids of a batch's good rows, its rejected rows and (with a lexicon) its site-chrome counts."""
    from .clean import count_site_blocks

    corpus, rejected = _read_part(part, batch_size, options, repeated)
    counts = count_site_blocks(corpus, lexicon) if lexicon is not None and not corpus.empty else {}
    return {"ids": list(zip(corpus["source_row"].tolist(), corpus["doc_id"].tolist())),
            "rejected": rejected, "counts": counts}


def _analyse_part(part: _Part, batch_size: int, options: dict, known: _Checked, out_dir: str,
                  lexicons: dict) -> dict:
    """On a worker: read a batch, without judging its rows again (``known``: what _scan_part found), and analyse it."""
    corpus, _ = _read_part(part, batch_size, options, known=known)
    return process_batch(corpus, part.index, out_dir, lexicons)


def _check_parts(client, plan: list[_Part], batch_size: int, options: dict,
                 cleaning_lexicon) -> tuple[list[tuple[list[tuple], int]], dict]:
    """Check every batch on the workers; find ids repeated across batches; count site chrome.

    Returns, per part, (its rejected rows, repeated ids among them; its documents),
    and the site chrome (``cleaning_lexicon`` None: not counted, ``{}``).
    """
    from .clean import merge_site_blocks, select_site_chrome

    lexicon = None if cleaning_lexicon is None else client.scatter(cleaning_lexicon, broadcast=True)
    seen: set[str] = set()
    counts: dict = {}
    settled: list[tuple[list[tuple], int]] = []
    waiting: dict[int, dict] = {}

    def settle(part: _Part, result: dict) -> None:
        # In input order: an id is repeated if an earlier batch holds it (the
        # worker has already rejected repeats within its batch).
        repeated = []
        for row, doc_id in result["ids"]:
            if doc_id in seen:
                repeated.append(row)
            else:
                seen.add(doc_id)
        repeated = frozenset(repeated)
        if repeated:
            # Rare: count this batch again without the repeated rows.
            result = client.submit(_scan_part, part, batch_size, options, repeated, lexicon,
                                   pure=False).result()
        merge_site_blocks(counts, result["counts"])
        settled.append((result["rejected"], len(result["ids"])))

    def arrived(index: int, result: dict) -> None:
        waiting[index] = result
        while len(settled) in waiting:
            settle(plan[len(settled)], waiting.pop(len(settled)))

    _submit_bounded(client, ((p.index, _scan_part, (p, batch_size, options, frozenset(), lexicon))
                             for p in plan), arrived)
    return settled, (select_site_chrome(counts) if cleaning_lexicon is not None else {})


def _run_dask_parts(client, plan: list[_Part], checked: list, batch_size: int, options: dict,
                    out_dir: Path, lexicons: dict, bar, on_result) -> None:
    lexicons_future = client.scatter(lexicons, broadcast=True)

    def calls():
        for part, (rejected, documents) in zip(plan, checked):
            batch = Batch(part.index, pd.DataFrame(), rejected)
            if documents == 0:
                on_result(batch, _NOTHING | {"index": part.index})
                continue
            # Every row rejected, repeated ids included, is in ``rejected``.
            known = _Checked(frozenset(r[1] for r in rejected), rejected)
            yield ((batch, documents), _analyse_part,
                   (part, batch_size, options, known, str(out_dir), lexicons_future))

    def done(key, result: dict) -> None:
        batch, documents = key
        on_result(batch, result)
        bar.update(documents)

    _submit_bounded(client, calls(), done)


def _count_site_blocks(corpus: pd.DataFrame, index: int, lexicon) -> dict:
    # Called as process_batch is (corpus, batch index, ...); the index is not needed.
    from .clean import count_site_blocks

    return count_site_blocks(corpus, lexicon)


def scan_site_chrome(inputs: str | Path | Iterable[str | Path], cleaning_lexicon: str | Path | None = None, *,
                     batch_size: int = DEFAULT_BATCH_SIZE, client=None, **read_options) -> dict:
    """Site chrome per outlet over a whole corpus, read batch by batch (see ``clean.count_site_blocks``).

    With a dask.distributed ``client``, the batches are counted on the
    cluster; the counts add up the same in any order.
    """
    from .clean import read_cleaning_lexicon

    return _count_site_chrome(iter_batches(inputs, batch_size=batch_size, **read_options),
                              read_cleaning_lexicon(cleaning_lexicon), client)


def _count_site_chrome(batches: Iterable[Batch], lexicon, client=None) -> dict:
    from .clean import merge_site_blocks, select_site_chrome

    counts: dict = {}
    if client is None:
        for batch in batches:
            if not batch.corpus.empty:
                merge_site_blocks(counts, _count_site_blocks(batch.corpus, batch.index, lexicon))
    else:
        lexicon_future = client.scatter(lexicon, broadcast=True)
        _map_dask(client, _count_site_blocks, batches, lexicon_future,
                  on_result=lambda batch, result: merge_site_blocks(counts, result or {}))
    return select_site_chrome(counts)


def run_corpus(inputs: str | Path | Iterable[str | Path], out_dir: str | Path, *, engine: str = "pandas",
               batch_size: int = DEFAULT_BATCH_SIZE, workers: int | None = None, scheduler: str | None = None,
               lexicons: dict | None = None, progress: bool = False,
               cluster_options: Mapping | None = None, **read_options) -> RunSummary:
    """Analyse a corpus of any size in batches and write partitioned Parquet tables.

    Parameters
    ----------
    inputs : path or list of paths
        See :func:`iter_batches`.
    out_dir : str or Path
        Output folder (layout in the module documentation).
    engine : {'pandas', 'dask'}
        ``pandas``: one process, batch after batch.  ``dask``: batches run on
        a dask.distributed cluster.
    batch_size : int
        Documents per batch (and per Parquet part).
    workers : int, optional
        Worker processes of the local Dask cluster (default: one per core).
    scheduler : str, optional
        Address of a running Dask scheduler (e.g. ``tcp://10.0.0.5:8786``)
        instead of a local cluster.
    lexicons : dict, optional
        Lexicons (see :func:`corpus_analysis.pipeline.read_lexicons`).
    progress : bool
        Show a progress bar on standard error.
    cluster_options : mapping, optional
        Extra ``LocalCluster`` arguments (e.g. ``{"processes": False}``).
    **read_options
        ``text_column``, ``id_column``, ``columns``, ``text_format``,
        ``metadata``, ``verify``, ``max_bytes`` (see :func:`iter_batches`).

    Returns
    -------
    RunSummary

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "c.csv").write_text("doc_id,text\\na,Officials in Kyiv said the talks would resume soon.\\n")
    >>> summary = run_corpus(folder / "c.csv", folder / "out")
    >>> summary.documents, summary.words
    (1, 9)
    >>> read_results(folder / "out", "measures")[["doc_id", "kyiv_share"]].values.tolist()
    [['a', 1.0]]
    """
    from .pipeline import read_lexicons

    if engine not in ("pandas", "dask"):
        raise CorpusError(f"engine '{engine}': use 'pandas' or 'dask'.")
    if workers is not None and workers < 1:
        raise CorpusError(f"workers {workers}: give at least one worker.")
    out_dir = Path(out_dir)
    lexicons = read_lexicons() if lexicons is None else lexicons
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        client = None
        if engine == "dask":
            client = stack.enter_context(_dask_client(workers, scheduler, cluster_options))
        summary = _run(inputs, out_dir, engine, batch_size, lexicons, progress, client, read_options)
    summary.seconds = time.perf_counter() - started
    return summary


def _run(inputs, out_dir: Path, engine: str, batch_size: int, lexicons: dict, progress: bool, client,
         read_options: dict) -> RunSummary:
    # Site chrome is what recurs across an outlet's documents, so it is
    # counted over the whole corpus first (a streaming pass over short lines
    # only, on the cluster with the Dask engine); each batch is then cleaned
    # against the same list, and the results do not depend on where the
    # batches were cut.
    count_chrome = "site_chrome" not in lexicons
    options = _table_options(read_options)
    plan = _worker_read_plan(inputs, batch_size, options) if client is not None else None
    if plan is not None:
        from .clean import read_cleaning_lexicon

        checked, chrome = _check_parts(client, plan, batch_size, options,
                                       read_cleaning_lexicon(lexicons.get("cleaning")) if count_chrome else None)
        if count_chrome:
            lexicons = lexicons | {"site_chrome": chrome}

        def analyse(bar, on_result):
            _run_dask_parts(client, plan, checked, batch_size, options, out_dir, lexicons, bar, on_result)
    else:
        checks = None
        if count_chrome:
            from .clean import read_cleaning_lexicon

            # The analysis reads the batches again and takes the rows this
            # read rejected (see _Checked).
            checks = _Checks()
            chrome = _count_site_chrome(_read_batches(inputs, batch_size=batch_size, checks=checks, **read_options),
                                        read_cleaning_lexicon(lexicons.get("cleaning")), client)
            lexicons = lexicons | {"site_chrome": chrome}
            checks = checks.replaying()
        batches = _read_batches(inputs, batch_size=batch_size, checks=checks, **read_options)
        # Read the first batch before touching out_dir, so that an input that
        # cannot be read at all leaves the previous results in place.
        first = next(batches, None)
        batches = itertools.chain([first] if first is not None else [], batches)

        def analyse(bar, on_result):
            if engine == "pandas":
                _run_pandas(batches, out_dir, lexicons, bar, on_result)
            else:
                _run_dask(client, batches, out_dir, lexicons, bar, on_result)
    total = count_rows(inputs) if progress else None
    out_dir.mkdir(parents=True, exist_ok=True)
    _clear_parts(out_dir)
    summary = RunSummary(out_dir=out_dir, engine=engine)
    rejected: list[tuple] = []
    results: list[dict] = []

    def on_result(batch: Batch, result: dict) -> None:
        rejected.extend(batch.rejected)
        results.append(result)

    with _progress(total, progress) as bar:
        analyse(bar, on_result)
    summary.batches = sum(1 for r in results if r["documents"])
    summary.documents = sum(r["documents"] for r in results)
    summary.words = sum(r["words"] for r in results)
    summary.empty_body = sum(r["empty_body"] for r in results)
    summary.removed_spans = sum(r["removed"] for r in results)
    rejected_frame = pd.DataFrame(rejected, columns=list(REJECTED_COLUMNS))
    rejected_frame = rejected_frame.astype({"row": "int64"}).sort_values(
        ["source", "row", "doc_id"], kind="stable").reset_index(drop=True)
    write_table(rejected_frame, out_dir / "rejected.csv")
    summary.rejected = rejected_frame
    if summary.batches:
        merge_sorted_parts(sorted((out_dir / "measures").glob("part-*.parquet")), out_dir / "measures.parquet")
    else:
        (out_dir / "measures.parquet").unlink(missing_ok=True)
    return summary


# The merged table is written in row groups of this many rows, whatever the
# parts, so that its bytes do not depend on how the corpus was cut; at most
# this many parts are merged at once (more are merged in rounds, through
# files of smaller row groups: a reader decodes a whole row group at a time).
_MERGE_GROUP_ROWS = 65_536
_MERGE_SCRATCH_GROUP_ROWS = 4_096
_MERGE_FAN_IN = 64
_MERGE_BUFFER_ROWS = 65_536


def merge_sorted_parts(parts: list[Path], path: Path, key: str = "doc_id") -> Path:
    """Write Parquet ``parts``, each sorted by ``key``, as one table sorted by ``key``.

    A streaming k-way merge: only a slice of each part is in memory at a
    time, so the merged table of a corpus of any size is written in bounded
    memory.  ``key`` values must be unique across the parts (document ids
    are).  The table is written beside ``path`` and renamed into place.
    """
    import tempfile

    path = Path(path)
    parts = [Path(p) for p in parts]
    if not parts:
        raise CorpusError(f"{path}: no parts to merge.")
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tempfile.TemporaryDirectory(prefix=".merge-", dir=path.parent) as scratch:
            round_ = 0
            while len(parts) > _MERGE_FAN_IN:
                parts = [_merge_parts(parts[i:i + _MERGE_FAN_IN], Path(scratch) / f"{round_}-{i:06d}.parquet", key,
                                      _MERGE_SCRATCH_GROUP_ROWS)
                         for i in range(0, len(parts), _MERGE_FAN_IN)]
                round_ += 1
            _merge_parts(parts, tmp, key, _MERGE_GROUP_ROWS)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _merge_parts(parts: list[Path], path: Path, key: str, group_rows: int) -> Path:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.read_schema(parts[0])
    slice_rows = max(64, _MERGE_BUFFER_ROWS // len(parts))
    readers = [pq.ParquetFile(p, pre_buffer=False).iter_batches(batch_size=slice_rows) for p in parts]
    # Per part: the rows read and not yet written (a table), and whether more remain.
    held: list[pa.Table | None] = [None] * len(parts)
    more = [True] * len(parts)

    def refill(i: int) -> None:
        while more[i] and (held[i] is None or held[i].num_rows == 0):
            batch = next(readers[i], None)
            if batch is None:
                more[i] = False
            else:
                held[i] = pa.Table.from_batches([batch]).cast(schema)

    for i in range(len(parts)):
        refill(i)
    out: list[pa.Table] = []
    waiting = 0
    with pq.ParquetWriter(path, schema) as writer:
        def flush(final: bool) -> None:
            nonlocal out, waiting
            if not out:
                return
            table = pa.concat_tables(out)
            cut = table.num_rows if final else table.num_rows - table.num_rows % group_rows
            for start in range(0, cut, group_rows):
                writer.write_table(table.slice(start, min(group_rows, cut - start)), row_group_size=group_rows)
            out = [table.slice(cut)] if cut < table.num_rows else []
            waiting = table.num_rows - cut

        while any(t is not None and t.num_rows for t in held):
            # Every row up to the smallest last key among the parts with rows
            # still unread is in hand: later rows of each part come after it.
            lasts = [held[i].column(key)[-1].as_py() for i in range(len(parts)) if more[i]]
            bound = min(lasts) if lasts else None
            pieces = []
            for i, table in enumerate(held):
                if table is None or table.num_rows == 0:
                    continue
                keys = table.column(key).to_numpy(zero_copy_only=False)
                n = table.num_rows if bound is None else int(np.searchsorted(keys, bound, side="right"))
                if n:
                    pieces.append(table.slice(0, n))
                    held[i] = table.slice(n)
                    refill(i)
            merged = pa.concat_tables(pieces)
            merged = merged.take(pa.array(np.argsort(merged.column(key).to_numpy(zero_copy_only=False),
                                                     kind="stable")))
            out.append(merged)
            waiting += merged.num_rows
            if waiting >= group_rows:
                flush(False)
        flush(True)
    return path


def read_results(out_dir: str | Path, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    """Read all parts of one output table, sorted by ``doc_id`` (stable).

    Parameters
    ----------
    out_dir : str or Path
        A folder written by :func:`run_corpus`.
    table : str
        One of :data:`TABLES`.
    columns : list of str, optional
        Read only these columns.
    """
    if table not in TABLES:
        raise CorpusError(f"table '{table}': choose one of {', '.join(TABLES)}.")
    parts = sorted((Path(out_dir) / table).glob("part-*.parquet"))
    if not parts:
        raise CorpusError(f"{Path(out_dir) / table}: no parts found. Run `corpus-analysis run` first.")
    frame = pd.concat([pd.read_parquet(p, columns=columns) for p in parts], ignore_index=True)
    return frame.sort_values("doc_id", kind="stable").reset_index(drop=True)
