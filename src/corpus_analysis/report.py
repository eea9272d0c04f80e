"""Paper-ready outputs: figures and tables written byte-identically from the same data."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from .io import write_table  # noqa: E402

__all__ = ["PALETTE", "house_style", "plot_shares", "save_figure", "save_table"]

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


def save_table(frame: pd.DataFrame, stem: str | Path) -> Path:
    """Save a results table as ``stem.csv``."""
    return write_table(frame, Path(stem).with_suffix(".csv"))


def plot_shares(table: pd.DataFrame, label_col: str, title: str, share_col: str = "share",
                n_col: str = "mentions") -> plt.Figure:
    """Horizontal bars of a share per group, with the number of mentions behind each bar.

    Groups with no mentions are listed with n = 0 and no bar, so an outlet is
    never silently missing from the figure.
    """
    table = table.sort_values(label_col, kind="stable")
    fig, ax = plt.subplots(figsize=(3.5, 0.35 * len(table) + 0.9))
    positions = range(len(table))
    shares = table[share_col].astype("float64").fillna(0.0)
    ax.barh(list(positions), shares, color=PALETTE[0])
    ax.set_yticks(list(positions), [str(v) for v in table[label_col]])
    ax.invert_yaxis()
    for y, (share, n) in enumerate(zip(table[share_col], table[n_col])):
        label = f"n = {int(n)}" if pd.notna(share) else "n = 0 (no mention)"
        ax.text(min(float(share) if pd.notna(share) else 0.0, 1.0) + 0.02, y, label, va="center", fontsize=7)
    ax.set_xlim(0, 1.25)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_xlabel(f"{title} (share, 0-1)")
    return fig
