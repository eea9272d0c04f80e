"""corpus_analysis: compare how news outlets frame the same story.

The package follows one data flow, one module per stage::

    io -> clean -> tokenize -> measures -> compare -> report

Each stage takes and returns plain data (DataFrames, dataclasses).
"""

__version__ = "0.1.0"
