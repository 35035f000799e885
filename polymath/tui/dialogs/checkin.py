"""The check-in form: the CLI's rules and messages, checked as the user types.

The same form edits a session (``initial`` given): then it never creates domains, and its
start time is required; a new check-in may give one (the command line's ``log --at``).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester, SuggestFromList
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Label, Select, Static

from polymath.core.calendar import parse_clock, parse_day
from polymath.core.durations import parse_duration
from polymath.core.errors import PolymathError, UnknownDomain
from polymath.core.kinds import KINDS
from polymath.core.names import clean_name, name_key
from polymath.core.text import clean_note
from polymath.services.context import Context
from polymath.tui.dialogs import DIALOG_STYLES
from polymath.tui.errors import reported_to
from polymath.tui.text import format_minutes


@dataclass(frozen=True, slots=True)
class CheckInResult:
    """A session as the user entered it, every field already checked."""

    domain: str
    minutes: int
    kind: str | None
    """None: the kind last used in the domain (the CLI's default)."""
    day: date
    with_domains: tuple[str, ...] = ()
    note: str | None = None
    at: time | None = None
    """The start time on ``day``; without one a check-in ends now (or at noon on a past day)."""


class PolymathRule(Validator):
    """A core parser as an Input validator: its PolymathError message is the failure shown."""

    def __init__(self, parse: Callable[[str], object]) -> None:
        super().__init__()
        self._parse = parse

    def validate(self, value: str) -> ValidationResult:
        try:
            self._parse(value)
        except PolymathError as exc:
            return self.failure(str(exc))
        return self.success()


def first_failure(result: ValidationResult) -> str:
    """The message a field shows for a failed validation: the first reason given."""
    return result.failure_descriptions[0] if result.failure_descriptions else "not valid"


class SuggestLastName(Suggester):
    """Completes the last of comma-separated domain names from the known ones."""

    def __init__(self, names: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._names = list(names)

    async def get_suggestion(self, value: str) -> str | None:
        last = value.rpartition(",")[2]
        typed = last.lstrip()
        if not typed:
            return None
        for name in self._names:
            if name.casefold().startswith(typed.casefold()) and len(name) > len(typed):
                prefix = value[: len(value) - len(typed)]
                return prefix + name
        return None


def split_names(text: str) -> tuple[str, ...]:
    return tuple(clean_name(part) for part in text.split(",") if part.strip())


HINTS = {
    "domain": "an existing domain or a new one; → takes the suggestion",
    "duration": "45m, 1h30, 1.5h, 90 or PT1H30M",
    "kind": "read (take in), reflect (think, write), experiment (try)",
    "day": "today, yesterday, a weekday or YYYY-MM-DD",
    "start": "its start on that day: 07:30",
    "with": "other domains this session connects, comma separated",
    "note": "optional, private, at most 2,000 characters",
}
NEW_START_HINT = "optional: its start on that day, 07:30; else it ends now"
AS_LAST_TIME = "last"


def _optional_clock(text: str) -> time | None:
    """A start time when one is typed (a new check-in may leave it empty)."""
    return parse_clock(text) if text.strip() else None


class CheckInDialog(ModalScreen[CheckInResult | None]):
    """Enter (or ctrl+s) saves, escape cancels; a new domain is created only once confirmed."""

    CSS_PATH = DIALOG_STYLES

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    @dataclass
    class Checked(Message):
        """The names of the form were looked up: those in ``missing`` do not exist yet."""

        result: CheckInResult
        missing: list[UnknownDomain]

    def __init__(
        self,
        ctx: Context,
        domain_names: Sequence[str],
        *,
        domain: str | None = None,
        initial: CheckInResult | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.domain_names = list(domain_names)
        self.initial = initial
        self.editing = initial is not None
        self._domain = initial.domain if initial else domain or ""
        self._touched: set[str] = set()

    def _parsers(self) -> dict[str, Callable[[str], object]]:
        today = self.ctx.today()
        parsers: dict[str, Callable[[str], object]] = {
            "domain": clean_name,
            "duration": parse_duration,
            "day": lambda text: parse_day(text, today),
            "with": split_names,
            "note": clean_note,
        }
        parsers["start"] = parse_clock if self.editing else _optional_clock
        return parsers

    def compose(self) -> ComposeResult:
        initial = self.initial
        parsers = self._parsers()
        known = SuggestFromList(self.domain_names, case_sensitive=False)
        values = {
            "domain": self._domain,
            "duration": "",
            "day": "today",
            "with": "",
            "note": "",
            "start": "",
        }
        if initial is not None:
            values.update(
                {
                    "duration": format_minutes(initial.minutes),
                    "day": initial.day.isoformat(),
                    "with": ", ".join(initial.with_domains),
                    "note": initial.note or "",
                    "start": f"{initial.at:%H:%M}" if initial.at else "",
                }
            )
        labels = [
            ("domain", "Domain"),
            ("duration", "Duration"),
            ("kind", "Kind"),
            ("day", "Day"),
            ("start", "Start"),
            ("with", "Integrates"),
            ("note", "Note"),
        ]
        with Vertical(id="checkin", classes="dialog") as box:
            box.border_title = "Edit session" if self.editing else "Check in"
            box.border_subtitle = "enter saves · esc cancels"
            with Grid(id="checkin-form"):
                for field, label in labels:
                    yield Label(label, classes="field-label")
                    if field == "kind":
                        options = [("as last time in this domain", AS_LAST_TIME)]
                        options += [(kind, kind) for kind in KINDS]
                        yield Select(
                            options,
                            value=initial.kind if initial and initial.kind else AS_LAST_TIME,
                            allow_blank=False,
                            compact=True,
                            id="kind",
                        )
                    else:
                        yield Input(
                            values[field],
                            id=field,
                            compact=True,
                            validators=[PolymathRule(parsers[field])],
                            validate_on=["changed", "submitted"],
                            valid_empty=field in ("with", "note")
                            or (field == "start" and not self.editing),
                            suggester=known
                            if field == "domain"
                            else SuggestLastName(self.domain_names)
                            if field == "with"
                            else None,
                        )
                    yield Static("")
                    yield Static(self._hint(field), id=f"{field}-message", classes="message")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#duration" if self._domain else "#domain", Input).focus()

    def _hint(self, field: str) -> str:
        return NEW_START_HINT if field == "start" and not self.editing else HINTS[field]

    def _show(self, field: str, error: str | None) -> None:
        message = self.query_one(f"#{field}-message", Static)
        message.update(error or self._hint(field))
        message.set_class(error is not None, "-error")

    def on_input_changed(self, event: Input.Changed) -> None:
        field = event.input.id or ""
        self._touched.add(field)
        result = event.validation_result
        self._show(field, None if result is None or result.is_valid else first_failure(result))

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
        self.dismiss(None)

    def collect(self) -> CheckInResult | None:
        """The checked result, or None after showing every message and focusing the first."""
        parsers = self._parsers()
        texts = {field: self.query_one(f"#{field}", Input).value for field in parsers}
        errors: dict[str, str] = {}
        for field, parse in parsers.items():
            try:
                parse(texts[field])
            except PolymathError as exc:
                errors[field] = str(exc)
        for field in parsers:
            self._show(field, errors.get(field))
        if errors:
            self.query_one(f"#{next(iter(errors))}", Input).focus()
            return None
        kind = self.query_one("#kind", Select).value
        return CheckInResult(
            domain=clean_name(texts["domain"]),
            minutes=parse_duration(texts["duration"]),
            kind=kind if isinstance(kind, str) and kind != AS_LAST_TIME else None,
            day=parse_day(texts["day"], self.ctx.today()),
            with_domains=split_names(texts["with"]),
            note=clean_note(texts["note"]),
            at=_optional_clock(texts["start"]),
        )

    def action_save(self) -> None:
        result = self.collect()
        if result is not None:
            self.look_up_names(result)

    @work(thread=True, exclusive=True, group="check-in-names")
    def look_up_names(self, result: CheckInResult) -> None:
        """Which of the names typed do not exist yet (a sqlite3 read, off the UI thread)."""
        from polymath.services.checkin import unknown_domains

        with reported_to(self.app, "cannot check the domain names"):
            conn = self.ctx.connect()
            try:
                missing = unknown_domains(conn, [result.domain, *result.with_domains])
            finally:
                conn.close()
            self.post_message(self.Checked(result, missing))

    def on_check_in_dialog_checked(self, message: Checked) -> None:
        result, missing = message.result, message.missing
        if not missing:
            self.dismiss(result)
            return
        described = [unknown.described for unknown in missing]
        if self.editing:
            field = "domain" if name_key(missing[0].name) == name_key(result.domain) else "with"
            self._show(field, f"no domain {described[0]}; create it with a check-in first")
            self.query_one(f"#{field}", Input).focus()
            return
        from polymath.tui.dialogs.confirm import ConfirmDialog

        several = len(missing) > 1
        question = (
            f"No domain{'s' if several else ''} {', '.join(described)}. "
            f"Create {'them' if several else 'it'}?"
        )

        def answered(create: bool | None) -> None:
            if create:
                self.dismiss(result)
            else:
                self.query_one("#domain", Input).focus()

        self.app.push_screen(
            ConfirmDialog(question, yes="Create", no="Back", title="New domain"), answered
        )
