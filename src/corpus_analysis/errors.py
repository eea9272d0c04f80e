"""Errors raised at the boundaries where data enters the package."""


class CorpusError(ValueError):
    """Bad input: the message names the file (and row or entry) and what to do."""


class LexiconError(CorpusError):
    """A lexicon or parameter file is malformed."""
