"""The development set's labels stay checkable: every document labelled, decisive sentences
verbatim, valid values, the seeded split, no shared-corpus service (tests/devset/README.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHECKER = Path(__file__).resolve().parent / "devset" / "check_labels.py"


def test_devset_labels_pass_their_checker() -> None:
    result = subprocess.run(
        [sys.executable, str(CHECKER)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "error:" not in result.stdout
    services, documents = result.stdout.splitlines()[0].split()[1::2]
    assert int(services) >= 60 and int(documents) >= 150
