"""Paper-ready outputs: figures and tables written byte-identically from the same data."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from .io import write_table  # noqa: E402

__all__ = ["PALETTE", "Outputs", "house_style", "plot_estimates", "plot_keyness", "plot_lengths", "plot_shares", "summarise_removed", "save_figure", "save_table", "write_latex_table",
           "macro_name"]

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


def house_style() -> None:
    """Apply the one figure style used for every output (one-column width, fixed fonts)."""
    plt.rcParams.update({
        "figure.figsize": (3.5, 2.6), "figure.dpi": 150, "savefig.dpi": 300,
        "font.family": "DejaVu Sans", "font.size": 8, "axes.titlesize": 9,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "axes.spines.top": False, "axes.spines.right": False,
        "svg.hashsalt": "corpus-analysis", "pdf.fonttype": 42,
    })


def save_figure(fig: plt.Figure, stem: str | Path) -> list[Path]:
    """Save ``fig`` as ``stem.pdf`` and ``stem.png`` with no dates or version stamps.

    Stripping the metadata makes two runs from the same data byte-identical.
    """
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, metadata in ((".pdf", {"Creator": None, "Producer": None, "CreationDate": None}),
                             (".png", {"Software": None})):
        path = stem.with_suffix(suffix)
        tmp = path.with_name(f".{path.name}.tmp{suffix}")
        fig.savefig(tmp, metadata=metadata, bbox_inches="tight")
        os.replace(tmp, path)
        written.append(path)
    return written


def save_table(frame: pd.DataFrame, stem: str | Path, precision: int = 4) -> list[Path]:
    """Save a results table as ``stem.csv`` (full precision) and ``stem.tex`` (booktabs)."""
    stem = Path(stem)
    return [write_table(frame, stem.with_suffix(".csv")), write_latex_table(frame, stem.with_suffix(".tex"), precision)]


def write_latex_table(frame: pd.DataFrame, path: str | Path, precision: int = 4) -> Path:
    """Write ``frame`` as a LaTeX tabular with booktabs rules (``\\usepackage{booktabs}``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    styled = (frame.style.format(precision=precision, escape="latex", na_rep="--")
              .format_index(escape="latex", axis=1).hide(axis="index"))
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(styled.to_latex(hrules=True), encoding="utf-8")
    os.replace(tmp, path)
    return path


_DIGITS = "Zero One Two Three Four Five Six Seven Eight Nine".split()


def macro_name(key: str) -> str:
    """A LaTeX macro name for a value key: letters only, CamelCase, digits spelled out.

    Examples
    --------
    >>> macro_name("kyiv_share New York Post (inferred)")
    'KyivShareNewYorkPostInferred'
    >>> macro_name("documents_2022")
    'DocumentsTwoZeroTwoTwo'
    """
    words = re.findall(r"[A-Za-z]+|\d", key)
    return "".join(_DIGITS[int(w)] if w.isdigit() else w[:1].upper() + w[1:] for w in words)


class Outputs:
    """Record what one notebook writes: tables, figures and the values a paper cites.

    Files go under ``out_dir`` (``tables/``, ``figures/``); values are kept and
    written to ``values/<notebook>.json`` by :meth:`close`, from which
    ``make reproduce`` assembles ``values.json`` and ``values.tex``.

    Parameters
    ----------
    out_dir : str or Path
        The results folder.
    notebook : str
        Name of the notebook writing the outputs (its file stem).
    """

    def __init__(self, out_dir: str | Path, notebook: str):
        self.out_dir = Path(out_dir)
        self.notebook = notebook
        self.values: dict[str, dict[str, Any]] = {}
        self.files: list[str] = []
        house_style()

    def _record(self, paths: list[Path]) -> None:
        for path in paths:
            self.files.append(path.relative_to(self.out_dir).as_posix())

    def table(self, frame: pd.DataFrame, name: str, precision: int = 4) -> pd.DataFrame:
        """Write ``tables/<name>.csv`` and ``.tex``; returns ``frame`` for display."""
        self._record(save_table(frame, self.out_dir / "tables" / name, precision))
        return frame

    def figure(self, fig: plt.Figure, name: str) -> plt.Figure:
        """Write ``figures/<name>.pdf`` and ``.png``; returns ``fig``."""
        self._record(save_figure(fig, self.out_dir / "figures" / name))
        return fig

    def value(self, key: str, value: Any, description: str, digits: int = 3) -> Any:
        """Keep one number a paper may cite, under ``key`` (also its LaTeX macro, see :func:`macro_name`)."""
        if key in self.values:
            raise ValueError(f"value '{key}' recorded twice in {self.notebook}")
        if hasattr(value, "item"):  # numpy / pandas scalar -> Python
            value = value.item()
        if isinstance(value, float):
            value = None if value != value else round(value, 10)
        text = "--" if value is None else (f"{value:.{digits}f}" if isinstance(value, float) else str(value))
        self.values[key] = {"value": value, "text": text, "macro": macro_name(key),
                            "description": description, "notebook": self.notebook}
        return value

    def close(self) -> Path:
        """Write the values and the list of files this notebook produced."""
        path = self.out_dir / "values" / f"{self.notebook}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"notebook": self.notebook, "values": self.values, "files": sorted(self.files)}
        path.write_text(json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        return path


def plot_estimates(table: pd.DataFrame, label_col: str, xlabel: str, estimate_col: str = "estimate",
                   n_col: str = "mentions", n_name: str = "n", limits: tuple[float, float] | None = None) -> plt.Figure:
    """One horizontal bar per group with its 95% interval (when ``ci_low``/``ci_high`` are columns).

    The label beside each bar gives the sample behind it (``n_name = n``) and
    says "small sample" where the table flags one; a group with no data is
    listed with no bar, so an outlet is never silently missing.
    """
    table = table.sort_values(label_col, kind="stable").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(3.5, 0.38 * len(table) + 0.9))
    values = table[estimate_col].astype("float64")
    positions = list(range(len(table)))
    ax.barh(positions, values.fillna(0.0), color=PALETTE[0])
    has_ci = {"ci_low", "ci_high"} <= set(table.columns)
    if has_ci:
        low = (values - table["ci_low"].astype("float64")).clip(lower=0).fillna(0.0)
        high = (table["ci_high"].astype("float64") - values).clip(lower=0).fillna(0.0)
        ax.errorbar(values.fillna(0.0), positions, xerr=[low, high], fmt="none", ecolor="#000000",
                    elinewidth=0.8, capsize=2)
    ax.set_yticks(positions, [str(v) for v in table[label_col]])
    ax.invert_yaxis()
    top = limits[1] if limits else float(max(table["ci_high"].max() if has_ci else 0, values.max(), 0) or 1)
    for y, row in table.iterrows():
        n = int(row[n_col]) if pd.notna(row[n_col]) else 0
        label = f"{n_name} = {n}" + (" (no data)" if pd.isna(row[estimate_col]) else "")
        if bool(row.get("small_sample", False)):
            label += ", small sample"
        right = row["ci_high"] if has_ci and pd.notna(row.get("ci_high")) else row[estimate_col]
        ax.text((float(right) if pd.notna(right) else 0.0) + 0.02 * top, y, label, va="center", fontsize=6.5)
    ax.set_xlim(limits[0] if limits else 0, top * 1.6)
    ax.set_xlabel(xlabel + (" (bars: 95% bootstrap interval)" if has_ci else ""))
    return fig


def plot_shares(table: pd.DataFrame, label_col: str, title: str, share_col: str = "share",
                n_col: str = "mentions") -> plt.Figure:
    """A share (0-1) per group, with intervals when the table has them; see :func:`plot_estimates`."""
    fig = plot_estimates(table, label_col, f"{title} (share, 0-1)", estimate_col=share_col, n_col=n_col,
                         limits=(0.0, 1.0))
    fig.axes[0].set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    return fig


def plot_keyness(log_odds: pd.DataFrame, group_col: str, n_terms: int = 6) -> plt.Figure:
    """Small multiples: for each group, the terms with the highest log-odds z-scores against the rest.

    Expects the output of ``compare.compare_log_odds`` (columns ``term``, ``z``
    and ``count``); the count behind each bar is printed beside it.
    """
    groups = sorted(log_odds[group_col].unique(), key=str)
    fig, axes = plt.subplots(len(groups), 1, figsize=(3.5, (0.16 * n_terms + 0.45) * len(groups) + 0.4),
                             squeeze=False, sharex=True)
    top_z = float(log_odds["z"].max()) if len(log_odds) else 1.0
    for ax, group in zip(axes[:, 0], groups):
        rows = (log_odds[log_odds[group_col] == group]
                .sort_values(["z", "term"], ascending=[False, True], kind="stable").head(n_terms))
        ax.barh(range(len(rows)), rows["z"], color=PALETTE[groups.index(group) % len(PALETTE)])
        ax.set_yticks(range(len(rows)), rows["term"].tolist(), fontsize=6.5)
        ax.invert_yaxis()
        for y, (z, n) in enumerate(zip(rows["z"], rows["count"])):
            ax.text(max(float(z), 0.0) + 0.03 * top_z, y, f"n = {int(n)}", va="center", fontsize=6)
        ax.axvline(1.96, color="#000000", linewidth=0.6, linestyle=":")
        ax.set_title(str(group), fontsize=7, loc="left")
    axes[-1, 0].set_xlim(0, top_z * 1.35)
    axes[-1, 0].set_xlabel("z-score of weighted log-odds (dotted: 1.96)")
    return fig


def summarise_removed(documents: pd.DataFrame, removed: pd.DataFrame) -> pd.DataFrame:
    """Per-document cleaning report: words kept, spans removed, and removed spans per rule.

    A group-by of the removed-spans table, so each count can be checked by
    filtering ``removed_spans.csv``.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "words": [120, 80]})
    >>> removed = pd.DataFrame({"doc_id": ["a", "a", "b"], "rule": ["share", "title", "share"]})
    >>> summarise_removed(docs, removed).to_dict("records")[0]
    {'doc_id': 'a', 'words': 120, 'removed_spans': 2, 'share': 1, 'title': 1}
    """
    rules = (removed.groupby(["doc_id", "rule"]).size().unstack("rule", fill_value=0)
             if len(removed) else pd.DataFrame(index=pd.Index([], name="doc_id")))
    rules = rules.reindex(documents["doc_id"], fill_value=0)
    table = documents[["doc_id", "words"]].copy()
    table["removed_spans"] = rules.sum(axis=1).to_numpy().astype("int64")
    for rule in sorted(rules.columns):
        table[rule] = rules[rule].to_numpy().astype("int64")
    return table.reset_index(drop=True)


def plot_lengths(documents: pd.DataFrame, group_col: str = "outlet") -> plt.Figure:
    """Words per cleaned document, one bar per document, labelled with its group and event."""
    table = documents.sort_values([group_col, "doc_id"], kind="stable")
    fig, ax = plt.subplots(figsize=(3.5, 0.32 * len(table) + 0.9))
    groups = list(dict.fromkeys(table[group_col]))
    colours = [PALETTE[groups.index(g) % len(PALETTE)] for g in table[group_col]]
    ax.barh(range(len(table)), table["words"], color=colours)
    labels = [f"{g} ({e})" if "event" in table else str(g) for g, e in
              zip(table[group_col], table.get("event", table[group_col]))]
    ax.set_yticks(range(len(table)), labels)
    ax.invert_yaxis()
    ax.set_xlabel("Words in cleaned body (count)")
    return fig
