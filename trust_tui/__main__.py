"""Run trust-tui with ``python -m trust_tui``."""

from trust_tui.cli import main

raise SystemExit(main())
