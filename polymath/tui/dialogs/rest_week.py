"""Plan the week shown as a rest week (``polymath rest --week W --note ...``)."""

from datetime import timedelta

from polymath.core.calendar import Week
from polymath.core.text import clean_note
from polymath.services.context import Context
from polymath.tui.dialogs.domains import said
from polymath.tui.dialogs.form import Field, FormDialog, Values


class RestWeekDialog(FormDialog):
    """A note is optional; enter plans the week."""

    VERB = "Plan"

    def __init__(self, ctx: Context, week: Week) -> None:
        last = week.end - timedelta(days=1)
        super().__init__(
            ctx,
            title=f"Rest week {week.label}",
            intro=(
                f"Plan {week.label} ({week.start:%a %d %b} - {last:%a %d %b %Y}) as a rest "
                "week: it neither breaks nor extends a streak, and its days have no weekday "
                "guideline. u undoes it."
            ),
            id="rest-week",
        )
        self.week = week

    def fields(self) -> list[Field]:
        return [
            Field("note", "Note", "optional: a holiday, an exam week", clean_note, optional=True)
        ]

    def perform(self, values: Values) -> str:
        from polymath.services.sessions import add_rest_week

        week = add_rest_week(self.ctx, self.week.label, values["note"])
        last = week.end - timedelta(days=1)
        return said(
            f"{week.label} ({week.start:%d %b} - {last:%d %b}) is a planned rest week: "
            "streaks neither break nor grow"
        )
