"""Who can send an intent: the facilitator, or a participant by id."""

FACILITATOR = "facilitator"
"""The ``who`` of an intent made by the person driving the session."""

__all__ = ["FACILITATOR"]
