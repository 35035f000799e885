"""A yes/no question before anything is created or deleted."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from polymath.tui.dialogs import DIALOG_STYLES


class ConfirmDialog(ModalScreen[bool]):
    """Dismisses with True for yes; ``y`` and ``n`` answer from the keyboard."""

    CSS_PATH = DIALOG_STYLES

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(
        self,
        question: str,
        *,
        yes: str = "Yes",
        no: str = "No",
        title: str = "Confirm",
        default_yes: bool = True,
    ) -> None:
        super().__init__()
        self._question, self._yes, self._no = question, yes, no
        self._title, self._default_yes = title, default_yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog") as box:
            box.border_title = self._title
            yield Static(self._question, id="question", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(f"{self._no} (n)", id="no", compact=True)
                yield Button(f"{self._yes} (y)", id="yes", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#yes" if self._default_yes else "#no").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
