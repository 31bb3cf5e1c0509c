"""The stage script and texts live in data/ at the top of the project, and the wheel carries
them inside the package, where an installed app reads them (never from the working folder)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FILES = ["script.toml", *(f"{lang}/{name}" for lang in ("nl", "en")
                          for name in ("stages.toml", "lists.toml", "strings.toml", "demo.toml"))]


def test_the_texts_live_in_a_data_folder_at_the_top():
    for name in FILES:
        assert (ROOT / "data" / name).is_file(), name
    assert not (ROOT / "trust_tui" / "data").exists()


@pytest.mark.slow
def test_an_installed_wheel_reads_its_own_texts_from_any_folder(tmp_path):
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path / "wheel"), str(ROOT)],
        capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp_path / "wheel").glob("trust_tui-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for name in FILES:
        assert f"trust_tui/data/{name}" in names, name
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shown = subprocess.run(
        [sys.executable, "-c", "from trust_tui.core import content; content.load_content('nl');"
         "print(content.DATA)"],
        capture_output=True, text=True, cwd=elsewhere, timeout=60,
        env={**os.environ, "PYTHONPATH": str(target)})
    assert shown.returncode == 0, shown.stderr
    assert Path(shown.stdout.strip()) == target / "trust_tui" / "data"
