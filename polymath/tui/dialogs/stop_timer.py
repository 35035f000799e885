"""End the running timer at the time the person stopped (``polymath stop --at HH:MM``)."""

from polymath.core.calendar import parse_clock, parse_day
from polymath.core.text import clean_note, display
from polymath.services.checkin import RunningTimer
from polymath.services.context import Context
from polymath.tui.dialogs.domains import said
from polymath.tui.dialogs.form import Field, FormDialog, Values


class StopTimerDialog(FormDialog):
    """The session runs from the timer's start to the time given (the first such time after the
    start, or on the day given)."""

    VERB = "Stop"

    def __init__(self, ctx: Context, timer: RunningTimer) -> None:
        since = timer.started_at.astimezone(ctx.settings.zone)
        super().__init__(
            ctx,
            title="Stop the timer at a time",
            intro=(
                f"The timer on {display(timer.domain)} ({timer.kind}) runs since "
                f"{since:%a %d %b %H:%M}. When did you stop? The session is logged from its "
                "start to then."
            ),
            id="stop-timer",
        )
        self.timer = timer

    def fields(self) -> list[Field]:
        today = self.ctx.today()
        return [
            Field("at", "Stopped at", "the time on the clock: 21:30", parse_clock),
            Field(
                "day",
                "Day",
                "optional: today, yesterday, a weekday or YYYY-MM-DD "
                "(empty: the first such time after the start)",
                lambda text: parse_day(text, today),
                optional=True,
            ),
            Field("note", "Note", "optional, added to the timer's note", clean_note, optional=True),
        ]

    def perform(self, values: Values) -> str:
        from polymath.reports.checkin import logged_line
        from polymath.services.checkin import stop_timer

        conn = self.ctx.connect()
        try:
            logged = stop_timer(
                conn, now=self.ctx.now(), note=values["note"], at=values["at"], day=values["day"]
            )
        finally:
            conn.close()
        return said(f"timer stopped: {logged_line(logged)}")
