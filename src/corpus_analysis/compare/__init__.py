"""Compare stage: between-outlet statistics, uncertainty, and same-event comparison.

* :mod:`.keyness` - which words or lexicon variants each outlet over-uses
  (weighted log-odds with an informative Dirichlet prior; G2 with log ratio);
* :mod:`.uncertainty` - seeded two-stage bootstrap intervals for rates and
  shares, small-sample flags, permutation tests;
* :mod:`.events` - events proposed from content and dates, sentence alignment
  across outlets, shared (wire) passages;
* :mod:`.claims` - checkable claims (numbers, dates, times, places, people)
  and whether another outlet of the same event corroborates or contradicts them.

Every function takes and returns plain DataFrames with ``doc_id`` (or the
grouping column) first, and is deterministic (stable sorts, recorded seeds).
"""

from .claims import corroborate_claims, extract_claims, read_claims_lexicon
from .events import align_sentences, find_shared_passages, propose_events
from .keyness import compare_g2, compare_log_odds, count_evidence_terms, count_terms
from .uncertainty import bootstrap_rate, bootstrap_share, compare_permutation, count_sentence_hits

__all__ = ["count_terms", "count_evidence_terms", "compare_log_odds", "compare_g2",
           "count_sentence_hits", "bootstrap_rate", "bootstrap_share", "compare_permutation",
           "propose_events", "align_sentences", "find_shared_passages",
           "read_claims_lexicon", "extract_claims", "corroborate_claims"]
