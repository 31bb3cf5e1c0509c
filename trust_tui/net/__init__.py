"""Host mode: the hub that owns a session's engine, and the participants who join it."""

from trust_tui.net.client import HubClient, Refused
from trust_tui.net.hub import HostBusy, Hub, reachable_host, session_code

__all__ = ["HostBusy", "Hub", "HubClient", "Refused", "reachable_host", "session_code"]
