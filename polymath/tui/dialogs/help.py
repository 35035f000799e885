"""What every number means and every key does, for a new user without the README.

The planner's rule, with the thresholds and weights in force, is the one text the command line
explains it with (``services.planner.explain_rule``), read in a worker when help opens.
"""

from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Markdown

from polymath.core.durations import format_minutes
from polymath.core.errors import PolymathError
from polymath.services.context import Context
from polymath.tui.dialogs import DIALOG_STYLES

HELP = """\
# Polymath

Polymath tracks *deliberate learning* across fields with the **5-hour rule**: at least
{weekly} a week, about {weekday} each weekday, spread over three kinds of learning:
**read** (take in), **reflect** (think, write, review) and **experiment** (try, build, practise).

Every change below is one step that `u` takes back. A form checks what you type as you type,
and says in one line what will not do; it writes nothing until everything does.

## Keys

| Key | Does | Where |
|-----|------|-------|
| `l` | check in a session | anywhere |
| `s` | start a timer on the highlighted domain, or stop the running one (logs it) | anywhere |
| `S` | stop the running timer at the time you stopped (a day too, if not today) | timer running |
| `c` | cancel the running timer: nothing is logged | timer running |
| `h` `r` `d` | dashboard, weekly review, domains | anywhere |
| `p` `g` | skill-stack planner, skill graph | anywhere |
| `u` | undo the latest change of any kind (several steps deep) | anywhere |
| `ctrl+p` | command palette: every action, searchable; themes too | anywhere |
| `enter` | open the highlighted domain | dashboard, domains |
| `a` | add a domain (its area suggested from its name if left empty) | domains |
| `n` | rename the highlighted domain | domains |
| `m` | map the highlighted domain to an area: type one, or pick a match | domains |
| `j` | merge the highlighted domain into another (its history moves; it goes) | domains |
| `x` | archive the highlighted domain, or restore an archived one | domains |
| `v` | show or hide archived domains | domains |
| `a` | record a level (1-5), with a note and a day | domain |
| `w` | set the domain's weekly goal (empty: none) | domain |
| `e` | edit the highlighted session: length, domain, kind, day, start, note | domain |
| `x` | delete the highlighted session (asks first) | domain |
| `[` `]` | previous and next week | review |
| `e` | export the review as Markdown | review |
| `w` | plan the week shown as a rest week, or make it an ordinary week again | review |
| `enter` | adopt the highlighted stack (its new areas become domains first) | planner |
| `n` `a` `+` `-` | one or two new areas; anchor domain; target level | planner |
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
  the weekly target, and bars that reached it are in the success colour. Below: how many
  of those weeks met the target, and their average a week.
- **Domains**: minutes this week (against the domain's weekly goal when it has one: `1h10/2h`,
  with ✓ once met), the latest competence level, a sparkline of minutes in
  each of the last 12 weeks (oldest on the left, scaled to the domain's best week) and the
  hours logged in total.
- **Timer**: the domain, kind and start of the running timer, and the time elapsed
  (hours:minutes:seconds). Past {warn} it asks whether you forgot to stop it.

A session that runs past midnight counts each minute on the day it was spent in: 23:30 to
00:45 gives 30 minutes to the first day (and its week) and 45 to the next, everywhere.

## Competence levels (Dreyfus)

1 novice · 2 advanced beginner · 3 competent · 4 proficient · 5 expert.

## Domains

One line a domain: **Level (1-5)**, the latest recorded; **Total**, hours logged ever;
**This week**, minutes this week; **Last session**, its day; **Area**, the population area
the planner pairs it by (*not mapped*: none yet, `m` maps it). The title counts the active
domains (and the archived ones while `v` shows them, in grey). An archived domain keeps its
history and leaves the lists, the planner and the graph; a check-in in it brings it back.

## A domain

The line at the top: the latest level, hours logged in total, minutes this week (against its
weekly goal, if it has one), how many sessions, its area. The chart draws each level
recorded (a dot) at the hours logged up to that day: levels 1-5 up the side, hours along the
bottom, so the gaps show how many hours each level took; below it, the last two levels with
their day and hours. The sessions, newest first: **Day** and **Start** (local time),
**Length**, **Kind**, the other domains it **Integrates**, and its **Note**.

## Weekly review

The title: the week, its days, *in progress* while it is under way, *planned rest week*.
**Total** against the target. **By domain**: minutes, and the change against that domain's
average over the weeks before (up to four, none before your first session; while a week is
under way, only the same days of each); the title says what is compared. **By kind**:
minutes per kind, naming a missing kind. **By day**: a bar per day against the weekday
guideline (kept, missed, or under way for today; a rest week has no guideline).
**Streaks** with their longest run; **Competence**: levels recorded that week (before →
after); **Integration**: minutes of sessions that connected two domains; **Next**: what to
focus on, with the days left counting today.

## Planner

The planner suggests three-area stacks that include your domains, from population data (ESCO
unless another population was chosen: which skills and knowledge areas occupations use
together). The title says how many new areas a stack adds, which of your domains every stack
keeps (the anchor, else the adopted stack or the domain you spent most time on lately) and the
target level; its foot, the pace the weeks are planned at (and how many stacks lie beyond the
horizon).

**Adopted stack**: each member's level now → the target (✓ once reached) and the hours
logged in it; the time logged in sessions linking its members; the month it is likely
reached (with an 80% range) at your pace.

Each suggestion takes two lines: the **rare pair** (the two areas that seldom go together) and
the area **via** which they connect, its *bridge*; **+** marks an area new to you; a stack
outside the sweet spot is marked *conventional core* or *rare pair*. The columns:

- **Rarity**: the share of people who practise these areas that would be at the target level
  in all three at once (a range over how strongly the skills go together): the smaller, the
  rarer the combination you would have.
- **Bridge**: the weaker bridge's lift: how many times more often than chance its two areas
  are used together (- when the stack has no bridge).
- **Rare**: the rare pair's lift: the share of the co-occurrences chance predicts that really
  happen (0.11: about a ninth; - when the stack has no rare pair).
- **Weeks**: the weeks to reach the target level in all three at your pace (an 80% range;
  *y*: years; *done*: reached already).
- **Integr.**: time you have already logged in sessions linking the stack's domains.

**Why #n · score**: the suggestion in a sentence, then its score as a sum: the **cell** (the
sweet spot, two bridges and a rare pair, scores highest; then a conventional core; then a
rare pair alone), **conventionality** (the weaker bridge's strength, 0 to 1), **novelty**
(the rare pair's strength, 0 to 1), **feasibility** (higher the sooner the target is
reached) and **integration** (higher the more time already links its members). Then each of
the three pairs: its label, **O** (how many units, here occupations, use both areas), **E**
(how many would by chance), the lift (O / E) and **P** (how likely so extreme a count is by
chance). The thresholds and weights in force are under *How stacks are judged*, at the end.

## Skill graph

Your domains under their areas (hours and level); the time logged in sessions linking two
domains; every pair of your areas with its **Kind** (conventional, atypical or near chance),
**O**, **E**, **z** (how far O lies from E in standard deviations: above 0 together more
often than chance, below 0 less) and **Lift** (O / E). ★ marks the adopted stack.

## Check-in fields

Duration: `45m`, `1h30`, `1.5h`, `90` (minutes) or `PT1H30M`. Day: `today`, `yesterday`, a
weekday (the latest one) or `YYYY-MM-DD`. Start (editing a session): `07:30`. Kind: left at
*as last time*, it takes the kind last used in the domain. Integrates: other domains the
session connects, comma separated. A new domain is created only after you confirm.

{where}
"""
WHERE = "Changes made by the command line in another terminal appear here within a second."
DEMO = (
    "This is the demo: a throw-away copy of Maya's history, deleted when you quit. Its clock "
    "starts on her last evening and runs on from there; nothing you do here touches your own "
    "data."
)


class HelpScreen(ModalScreen[None]):
    """Scrolls with the arrow keys; escape, q or ? closes it."""

    CSS_PATH = DIALOG_STYLES

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
    ]

    @dataclass
    class RuleLoaded(Message):
        markdown: str

    def __init__(self, ctx: Context, *, demo: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self._settings = ctx.settings
        self._demo = demo

    def compose(self) -> ComposeResult:
        targets = self._settings.targets
        text = HELP.format(
            weekly=format_minutes(targets.weekly_minutes),
            weekday=format_minutes(targets.weekday_minutes),
            daily=format_minutes(targets.daily_streak_minutes),
            double=format_minutes(2 * targets.weekday_minutes),
            warn=format_minutes(self._settings.timer_warn_minutes),
            where=DEMO if self._demo else WHERE,
        )
        with VerticalScroll(id="help", classes="dialog") as box:
            box.border_title = "Help"
            box.border_subtitle = "esc closes"
            yield Markdown(text)

    def on_mount(self) -> None:
        self.query_one("#help").focus()
        self.load_rule()

    @work(thread=True, exclusive=True, group="help")
    def load_rule(self) -> None:
        """The planner's rule as the command line explains it (it loads the planner)."""
        from polymath.services.planner import explain_rule

        try:
            rule = explain_rule(self.ctx)
        except (PolymathError, OSError):
            return  # the planner screen says what is wrong with its data
        self.post_message(self.RuleLoaded(rule_markdown(rule)))

    def on_help_screen_rule_loaded(self, message: RuleLoaded) -> None:
        self.query_one(Markdown).append(message.markdown)

    def action_close(self) -> None:
        self.dismiss(None)


def rule_markdown(rule: str) -> str:
    """The rule's plain text (a heading, then ``- `` lines, a blank line between sections) as
    Markdown, under a heading of its own."""
    lines = ["## How stacks are judged", ""]
    for section in rule.strip().split("\n\n"):
        heading, *items = section.splitlines()
        lines += [f"**{heading}**", "", *(_escaped(item) for item in items), ""]
    return "\n".join(lines)


def _escaped(line: str) -> str:
    """A rule line as a Markdown list item, its ``*`` and ``_`` read as themselves."""
    return line.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")
