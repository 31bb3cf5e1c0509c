"""UI speed, each figure beside a baseline measured in the same run.

- start-up: time from launch to the first frame of the home screen (``trust-tui``) and of the
  join screen (``trust-tui join``), vs a minimal Textual app (Header, Input, Footer) — goal at
  most 1.10×;
- keystroke bytes: bytes written to the terminal per character typed into a statement at
  80×24, vs the minimal app's Input — goal at most 1.2×;
- stage switch: time from F8 to the next stage on screen.

Run from the repository: python benchmarks/bench_ui.py [--repeat 5] [--compiled]

``--compiled`` gives both programs their bytecode, as an installed wheel has it: with
PYTHONDONTWRITEBYTECODE set (as on the shared test machine) trust-tui's own modules are compiled
from source at every start, and Textual's (installed by pip, with bytecode) are not.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.terminal import Terminal  # noqa: E402

MINIMAL = str(Path(__file__).with_name("minimal_app.py"))
TEXT = "calm weekly releases"


ENV: dict[str, str] = {}
"""Extra environment for both programs (see --compiled)."""


def run_minimal() -> Terminal:
    return Terminal(command=[sys.executable, MINIMAL], env=ENV)


def run_app(*args: str) -> Terminal:
    return Terminal(list(args), env=ENV)


def first_frame(start, needle: str) -> tuple[float, Terminal]:
    began = time.perf_counter()
    term = start()
    term.wait_for(needle, timeout=30)
    return time.perf_counter() - began, term


def bytes_per_key(term: Terminal, text: str) -> float:
    term.settle(0.5)
    before = len(term.raw)
    for char in text:
        term.send(char, pause=0.08)
    term.settle(0.5)
    return (len(term.raw) - before) / len(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--compiled", action="store_true",
                        help="both programs start from bytecode, as installed from a wheel")
    args = parser.parse_args()
    startup_app, startup_base, keys_app, keys_base, switches = [], [], [], [], []
    startup_join: list[float] = []
    with tempfile.TemporaryDirectory() as name:
        if args.compiled:  # one start of each writes the bytecode the measured starts read
            ENV.update(PYTHONDONTWRITEBYTECODE="", PYTHONPYCACHEPREFIX=str(Path(name) / "pyc"))
            warm = str(Path(name) / "warm.db")
            for start, needle in ((run_minimal, "Type here"),
                                  (lambda: run_app("join", "--db", warm, "--lang", "en"),
                                   "Session code"),
                                  (lambda: run_app("--db", warm, "--lang", "en"), "New session")):
                first_frame(start, needle)[1].kill()
        for round_ in range(args.repeat):
            db = Path(name) / f"bench-{round_}.db"
            seconds, base = first_frame(run_minimal, "Type here")
            startup_base.append(seconds)
            keys_base.append(bytes_per_key(base, TEXT))
            base.kill()

            seconds, joining = first_frame(
                lambda db=db: run_app("join", "--db", str(db), "--lang", "en"),
                "Session code")
            startup_join.append(seconds)
            joining.kill()

            seconds, term = first_frame(
                lambda db=db: run_app("--db", str(db), "--lang", "en"), "New session")
            startup_app.append(seconds)
            term.send("enter")
            term.wait_for("Session title")
            term.settle(0.3)  # focus moves before the next key
            term.send("tab", "tab")
            term.type("Anna")
            term.send("enter")
            term.wait_for("• Anna")
            began = time.perf_counter()
            term.send("f8", pause=0)
            term.wait_for("Check-in question")
            switches.append(time.perf_counter() - began)
            began = time.perf_counter()
            term.send("f6", pause=0)
            term.wait_for("Success, for me")
            switches.append(time.perf_counter() - began)
            term.send("f2")
            term.wait_for("Who gets the keyboard?")
            term.settle(0.3)  # focus moves before the next key
            term.send("enter")
            term.wait_for("Anna's turn")
            term.settle(0.3)  # focus moves before the next key
            keys_app.append(bytes_per_key(term, TEXT))
            term.send("ctrl+q")
            term.kill()

    def line(label: str, ours: list[float], base: list[float], unit: str, scale: float = 1):
        a, b = statistics.median(ours) * scale, statistics.median(base) * scale
        print(f"{label:<28} {a:>9.1f}{unit} {b:>9.1f}{unit} {a / b:>6.2f}x")

    print(f"{'':<28} {'trust-tui':>11} {'baseline':>11} {'ratio':>7}")
    line("start to first frame", startup_app, startup_base, "ms", 1000)
    paired = sorted(a / b for a, b in zip(startup_app, startup_base, strict=True))
    print(f"{'  paired ratios (per round)':<28} median {statistics.median(paired):.2f}x, "
          f"range {paired[0]:.2f}x–{paired[-1]:.2f}x")
    line("start to first frame (join)", startup_join, startup_base, "ms", 1000)
    paired = sorted(a / b for a, b in zip(startup_join, startup_base, strict=True))
    print(f"{'  paired ratios (per round)':<28} median {statistics.median(paired):.2f}x, "
          f"range {paired[0]:.2f}x–{paired[-1]:.2f}x")
    line("bytes per keystroke", keys_app, keys_base, " B")
    print(f"{'stage switch (F8/F6)':<28} {statistics.median(switches) * 1000:>9.1f}ms"
          f"   (max {max(switches) * 1000:.1f}ms over {len(switches)})")


if __name__ == "__main__":
    main()
