"""Ask where to save a file, with a name already filled in."""

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from polymath.tui.dialogs import DIALOG_STYLES


class AskPathDialog(ModalScreen[Path | None]):
    """Enter saves to the path (relative to the current folder); escape cancels."""

    CSS_PATH = DIALOG_STYLES

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str, default: str) -> None:
        super().__init__()
        self._prompt, self._default = prompt, default

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-path", classes="dialog") as box:
            box.border_title = "Export"
            yield Static(self._prompt, markup=False)
            yield Input(self._default, id="path", compact=True)
            yield Static(
                "A relative path is saved in the current folder. Enter saves, escape cancels.",
                classes="message",
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        self.dismiss(Path(text).expanduser() if text else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
