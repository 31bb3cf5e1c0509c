"""Failing in private: a log with where it broke but nothing anyone wrote; a lost terminal."""

from __future__ import annotations

import datetime as dt
import errno
import os
import sys
import traceback
from pathlib import Path
from typing import Any

__all__ = ["describe_failure", "fail_in_private", "log_failure", "terminal_lost"]

LOG_NAME = "trust-tui.log"


def describe_failure(error: BaseException) -> str:
    """The exception's type and the frames it passed through — never its message or values.

    Messages and local variables can hold what people wrote (a reflection on a colleague);
    the file names, line numbers and source lines of the program cannot.
    """
    lines = [f"{dt.datetime.now().isoformat(timespec='seconds')} "
             f"{type(error).__module__}.{type(error).__qualname__}"]
    for frame in traceback.extract_tb(error.__traceback__):
        lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    cause = error.__cause__ or error.__context__
    if cause is not None and cause is not error:
        lines.append(f"  caused by {type(cause).__module__}.{type(cause).__qualname__}")
    return "\n".join(lines) + "\n"


def log_failure(error: BaseException, folder: Path | None) -> Path | None:
    """Append the description to an owner-only log beside the data file; its path, or None."""
    if folder is None:
        import platformdirs  # imported when used: only a failure needs it

        folder = Path(platformdirs.user_log_dir("trust-tui", appauthor=False))
    path = folder / LOG_NAME
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(describe_failure(error))
        os.chmod(path, 0o600)
    except OSError:
        return None
    return path


def fail_in_private(app: Any, error: Exception, folder: Path | None) -> None:
    """What an app does instead of Textual's traceback (whose local variables can hold what
    people wrote): log the failure privately, end with one line saying where the log is."""
    from rich.text import Text

    app._return_code = 1
    if app._exception is None:
        app._exception = error
        app._exception_event.set()
    log = log_failure(error, folder)
    app._exit_renderables.append(Text(app.content.t("ui.crashed", path=str(log) if log else "-")))
    app._close_messages_no_wait()


def terminal_lost() -> bool:
    """True when our controlling terminal has hung up (an SSH drop with SIGHUP ignored).

    A hung-up terminal answers every question with EIO; a pipe or file answers ENOTTY.
    """
    stream = sys.__stdin__
    if stream is None:
        return False
    try:
        os.tcgetpgrp(stream.fileno())
    except OSError as error:
        return error.errno == errno.EIO
    except ValueError:  # stdin closed
        return False
    return False
