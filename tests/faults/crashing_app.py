"""trust-tui with a fault planted in the Horizon screen, for the private-failure test (F14).

The fault fires while a reflection sits in a local variable and in the exception's message.
"""

from __future__ import annotations

import sys

from trust_tui.cli import main
from trust_tui.ui.screens.stage_horizon import HorizonScreen


def broken_refresh(self) -> None:
    reflection = self.session.statements[0].text  # what someone wrote, in a local
    raise RuntimeError(f"could not draw {reflection}")


HorizonScreen.refresh_work = broken_refresh

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
