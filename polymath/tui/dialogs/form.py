"""A small form that writes one change: its fields are checked as typed with the command line's
rules, then the dialog writes through a service in a worker. A refusal from the service is shown
as the command line's one line, inside the dialog, and nothing is written; the dialog closes on
success with the line the app then shows (``Saved``).
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, Static

from polymath.core.errors import PolymathError
from polymath.services.context import Context
from polymath.tui.dialogs import DIALOG_STYLES
from polymath.tui.dialogs.checkin import PolymathRule, first_failure
from polymath.tui.errors import error_text

Values = Mapping[str, Any]
"""The form's values by field id, each as its field's ``parse`` returned it (None: left empty)."""


def as_typed(text: str) -> str:
    return text.strip()


@dataclass(frozen=True, slots=True)
class Field:
    """One line of a form: an Input checked by ``parse`` (a core parser), or a Select."""

    id: str
    label: str
    hint: str
    parse: Callable[[str], object] = as_typed
    """Raises PolymathError with the command line's message when the text will not do."""
    value: str = ""
    optional: bool = False
    """Left empty, the value is None and ``parse`` is not asked."""
    suggestions: Sequence[str] = ()
    """Names to complete from (→ takes the suggestion)."""
    choices: Sequence[tuple[str, str]] = ()
    """(label, value) pairs: a Select instead of an Input, ``value`` chosen first."""


@dataclass(frozen=True, slots=True)
class Saved:
    """What a dialog wrote, as the sentence the app shows (with how to undo it)."""

    text: str


class FormDialog(ModalScreen[Saved | None]):
    """Enter (or ctrl+s) writes, escape cancels. Subclasses give the fields and ``perform``."""

    CSS_PATH = DIALOG_STYLES
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]
    VERB = "Save"
    """The primary button's word."""
    LABEL_WIDTH = 12

    @dataclass
    class Done(Message):
        """The worker's answer: what was written, or the one line saying why nothing was."""

        saved: Saved | None
        error: str | None = None

    def __init__(self, ctx: Context, *, title: str, intro: str = "", id: str = "form") -> None:
        """``id`` names the dialog's box (as ``{id}-dialog``): a stylesheet can size it."""
        super().__init__()
        self.ctx = ctx
        self._title = title
        self._intro = intro
        self._box_id = f"{id}-dialog"
        self._fields: dict[str, Field] = {}
        self._busy = False

    # What subclasses give

    def fields(self) -> list[Field]:
        return []

    def perform(self, values: Values) -> str:
        """Write through a service (in a worker thread); return the sentence to show."""
        raise NotImplementedError

    def compose_extra(self) -> ComposeResult:
        """Widgets below the fields (a list of matches, say)."""
        yield from ()

    # Drawing

    def compose(self) -> ComposeResult:
        self._fields = {field.id: field for field in self.fields()}
        with Vertical(id=self._box_id, classes="dialog form") as box:
            box.border_title = self._title
            box.border_subtitle = "enter saves · esc cancels"
            if self._intro:
                yield Static(self._intro, classes="intro", markup=False)
            with Grid(classes="form-grid") as grid:
                grid.styles.grid_columns = f"{self.LABEL_WIDTH} 1fr"
                for field in self._fields.values():
                    yield Label(field.label, classes="field-label")
                    yield self._widget(field)
                    yield Static("")
                    yield Static(field.hint, id=f"{field.id}-message", classes="message")
            yield from self.compose_extra()
            yield Static("", id="form-error", classes="message -error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button(self.VERB, id="save", variant="primary", compact=True)

    def _widget(self, field: Field) -> Input | Select[str]:
        if field.choices:
            return Select(
                field.choices, value=field.value, allow_blank=False, compact=True, id=field.id
            )
        return Input(
            field.value,
            id=field.id,
            compact=True,
            validators=[PolymathRule(field.parse)],
            validate_on=["changed", "submitted"],
            valid_empty=field.optional,
            suggester=SuggestFromList(field.suggestions, case_sensitive=False)
            if field.suggestions
            else None,
        )

    def on_mount(self) -> None:
        first = next(iter(self.query(".form-grid Input, .form-grid Select")), None)
        if first is not None:
            first.focus()

    def show_message(self, field: str, error: str | None) -> None:
        message = self.query_one(f"#{field}-message", Static)
        message.update(error or self._fields[field].hint)
        message.set_class(error is not None, "-error")

    def show_error(self, text: str) -> None:
        """The service's refusal, in one line below the form."""
        message = self.query_one("#form-error", Static)
        message.update(text)
        message.set_class(bool(text), "-shown")

    # Typing and saving

    def on_input_changed(self, event: Input.Changed) -> None:
        field = event.input.id or ""
        if field not in self._fields:
            return
        self.show_error("")
        result = event.validation_result
        self.show_message(
            field, None if result is None or result.is_valid else first_failure(result)
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        if not self._busy:  # a write under way ends with its own answer
            self.dismiss(None)

    def collect(self) -> dict[str, Any] | None:
        """Every field parsed, or None after showing each message and focusing the first."""
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for field in self._fields.values():
            if field.choices:
                values[field.id] = self.query_one(f"#{field.id}", Select).value
                continue
            text = self.query_one(f"#{field.id}", Input).value
            if field.optional and not text.strip():
                values[field.id] = None
                continue
            try:
                values[field.id] = field.parse(text)
            except PolymathError as exc:
                errors[field.id] = str(exc)
        for field in self._fields.values():
            if not field.choices:
                self.show_message(field.id, errors.get(field.id))
        if errors:
            self.query_one(f"#{next(iter(errors))}").focus()
            return None
        return values

    def action_save(self) -> None:
        values = self.collect()
        if values is not None:
            self.submit(values)

    def submit(self, values: Values) -> None:
        """Write ``values`` (once: a second enter while the first is saving does nothing)."""
        if self._busy:
            return
        self._busy = True
        self.show_error("")
        self._write(values)

    @work(thread=True, exclusive=True, group="form")
    def _write(self, values: Values) -> None:
        try:
            done = self.Done(Saved(self.perform(values)))
        except PolymathError as exc:
            done = self.Done(None, error_text(exc))
        except OSError as exc:
            done = self.Done(None, exc.strerror or str(exc))
        self.post_message(done)

    def on_form_dialog_done(self, message: Done) -> None:
        self._busy = False
        if message.saved is not None:
            self.dismiss(message.saved)
            return
        self.show_error(message.error or "not saved")
