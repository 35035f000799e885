"""Modal dialogs that return typed results: ``CheckInDialog`` -> ``CheckInResult``, and so on."""

from pathlib import Path

DIALOG_STYLES = Path(__file__).parent.parent / "styles" / "dialogs.tcss"
"""Shared by every dialog; read when the first dialog opens."""
