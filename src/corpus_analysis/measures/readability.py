"""Readability scores of cleaned bodies, computed by textstat, offline."""

from __future__ import annotations

import pandas as pd

from ..offline import require_cmudict

__all__ = ["score_readability"]


def score_readability(documents: pd.DataFrame) -> pd.DataFrame:
    """Flesch reading ease of each document's cleaned ``text`` (textstat's own value).

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["The cat sat on the mat. It was happy."]})
    >>> round(float(score_readability(docs).loc[0, "flesch_reading_ease"]), 4)
    108.2675
    """
    require_cmudict()
    import textstat

    scores = [textstat.flesch_reading_ease(text) if text.strip() else float("nan")
              for text in documents["text"]]
    return pd.DataFrame({"doc_id": documents["doc_id"].to_numpy(), "flesch_reading_ease": scores})
