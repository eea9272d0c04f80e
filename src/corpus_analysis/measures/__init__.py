"""Per-document measures: framing (naming, labelling), readability, hedging.

Every measure returns one row per document with ``doc_id`` first, and framing
and hedging measures also return an evidence table with one row per hit.
"""
