"""The allocator setting of the watching commands: applied on glibc, never over an operator's."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from bot.adapters.malloc import share_malloc_arena

glibc = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc only")


@glibc
def test_applied_on_glibc_when_the_operator_set_nothing() -> None:
    # in a fresh interpreter: this test process's allocator is left as it is
    code = "from bot.adapters.malloc import share_malloc_arena as s; print(s())"
    env = {"PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.stdout.strip() == "True", done.stderr


def test_an_operators_own_setting_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert share_malloc_arena() is False
