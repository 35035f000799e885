"""What every number means and every key does, for a new user without the README."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from polymath.config import Settings
from polymath.core.durations import format_minutes
from polymath.tui.dialogs import DIALOG_STYLES

HELP = """\
# Polymath

Polymath tracks *deliberate learning* across fields with the **5-hour rule**: at least
{weekly} a week, about {weekday} each weekday, spread over three kinds of learning:
**read** (take in), **reflect** (think, write, review) and **experiment** (try, build, practise).

## Keys

| Key | Does | Where |
|-----|------|-------|
| `l` | check in a session | anywhere |
| `s` | start a timer on the highlighted domain, or stop the running one (logs it) | anywhere |
| `h` `r` `d` | dashboard, weekly review, domains | anywhere |
| `p` `g` | skill-stack planner, skill graph | anywhere |
| `n` `a` `+` `-` | one or two new areas; anchor domain; target level | planner |
| `u` | undo the latest change of any kind (several steps deep) | anywhere |
| `ctrl+p` | command palette: every action, searchable; themes too | anywhere |
| `enter` | open the highlighted domain | dashboard, domains |
| `[` `]` | previous and next week | review |
| `e` | export the review as Markdown; edit a session | review; domain |
| `x` | delete the highlighted session (asks first) | domain |
| `esc` | back | everywhere |
| `q` | quit | anywhere |

## Dashboard

- **Today**: minutes learned today; the bar fills toward the weekday guideline ({weekday}).
  Weekends have no guideline.
- **This week**: minutes this week against the weekly target ({weekly}) and the percentage
  reached. The bar is split by kind: read, reflect, experiment; a kind with no time is
  shown in the warning colour (a balanced week has all three).
- **Streaks**: weeks in a row that reached the target (this week counts once reached and
  does not break the streak while under way), and days in a row with at least
  {daily} (today does not break it while under way; weekend days are optional unless
  configured: one without learning is skipped, one with learning extends the run). A planned
  rest week neither breaks nor extends either streak: its days and the week itself are
  skipped, whatever was logged in them.
- **Minutes a day, last 12 months**: one square a day, one column a week (the newest on the
  right). The legend gives the shades: none, under {daily}, {daily} or more (counts for
  the daily streak), {weekday} or more (keeps the weekday guideline), {double} or more.
- **Last 12 weeks**: a bar of minutes per week, labelled by ISO week number; the line is
  the weekly target, and bars that reached it are in the success colour.
- **Domains**: minutes this week, the latest competence level, a sparkline of minutes in
  each of the last 12 weeks (oldest on the left) and the hours logged in total.
- **Timer**: the domain, kind and start of the running timer, and the time elapsed
  (hours:minutes:seconds).

A session that runs past midnight counts each minute on the day it was spent in: 23:30 to
00:45 gives 30 minutes to the first day (and its week) and 45 to the next, everywhere.

## Competence levels (Dreyfus)

1 novice · 2 advanced beginner · 3 competent · 4 proficient · 5 expert.
The domain screen draws each assessment at the hours logged up to that day.

## Weekly review

Total against the target; minutes per domain with the change against that domain's
average over the weeks before (up to four, none before your first session; while a week is
under way, only the same days of each); minutes per kind, naming a missing kind; a bar per
day against the weekday guideline (kept, missed, or under way for today; a rest week has no
guideline); streaks with their longest run; levels recorded that week; *integration*:
minutes of sessions that connected two domains; and what to focus on next, with the days
left counting today.

## Planner and graph

The planner suggests three-area stacks that include your domains, from population data
(O*NET: which knowledge areas 968 occupations use together). For a pair of areas, **O** is how
many occupations use both, **E** how many would by chance, and **z** how far O is from E in
standard deviations: above 0 the pair is conventional, below 0 atypical. The best stacks pair
two conventional links with one rare one (the middle area *bridges* them). **Rarity** is the
share of people who would reach the target level in all three (a range over plausible
correlations); **weeks** is the time to get there at your recent pace. The graph screen shows
your domains under their areas, the time you spent integrating them, and every area pair.

## Check-in fields

Duration: `45m`, `1h30`, `1.5h`, `90` (minutes) or `PT1H30M`. Day: `today`, `yesterday`, a
weekday (the latest one) or `YYYY-MM-DD`. Kind: left at *as last time*, it takes the kind
last used in the domain. Integrates: other domains the session connects, comma separated.
A new domain is created only after you confirm.

Changes made by the command line in another terminal appear here within a second.
"""


class HelpScreen(ModalScreen[None]):
    """Scrolls with the arrow keys; escape, q or ? closes it."""

    CSS_PATH = DIALOG_STYLES

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
    ]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self._settings = settings

    def compose(self) -> ComposeResult:
        targets = self._settings.targets
        text = HELP.format(
            weekly=format_minutes(targets.weekly_minutes),
            weekday=format_minutes(targets.weekday_minutes),
            daily=format_minutes(targets.daily_streak_minutes),
            double=format_minutes(2 * targets.weekday_minutes),
        )
        with VerticalScroll(id="help", classes="dialog") as box:
            box.border_title = "Help"
            box.border_subtitle = "esc closes"
            yield Markdown(text)

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss(None)
