"""Running the fault-test child process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHILD = Path(__file__).with_name("child.py")


def child(path: Path, *args: str, **kwargs) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1", **kwargs.pop("env", {}))
    return subprocess.Popen([sys.executable, str(CHILD), str(path), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            **kwargs)


def run_child(path: Path, *args: str, timeout: float = 60,
              **kwargs) -> subprocess.CompletedProcess[str]:
    process = child(path, *args, **kwargs)
    out, err = process.communicate(timeout=timeout)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)
