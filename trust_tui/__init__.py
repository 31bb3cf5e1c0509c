"""trust-tui: the horizon exercise in a terminal."""

__version__ = "0.1.0"
__all__ = ["__version__"]
