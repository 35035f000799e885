"""The weekly review as one self-contained HTML page to share, print or open on a phone.

Everything is inline: the CSS, the charts (SVG), no script. The page loads nothing, and its
Content-Security-Policy forbids it to: a page that is passed around must not call home or leak
who opened it. Every name and note passes through ``core.text.display`` and ``html.escape``
(names come from people and files), inside ``<bdi>`` so a right-to-left name keeps its place.
"""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from html import escape
from typing import NamedTuple

from polymath.core.calendar import WEEKDAYS, Week
from polymath.core.durations import format_minutes
from polymath.core.kinds import KINDS
from polymath.core.levels import level_name
from polymath.core.review import WeekReview
from polymath.core.rules import AHEAD, KEPT, MISSED, RESTING, UNDER_WAY, WEEKEND
from polymath.core.text import display
from polymath.reports.review import change_text, goal_text, review_title, trend_heading

TYPE_CHECKING = False
if TYPE_CHECKING:
    from polymath.services.planner import StackProgress
    from polymath.services.weekly_report import WeeklyReport

POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
"""Nothing may load: no script, font, image, frame or request; only the inline style."""

INK, TRACK = "#1f2933", "#eef1f4"
GOOD, SHORT, NOW, SOFT, REST = "#3c9d68", "#e0826b", "#5b8def", "#c5d0dc", "#b6a5dc"
TARGET = "#d9822b"
NONE = "&ndash;"
"""A cell with nothing to show."""
WEEK_BAR = "#9db9e6"
KIND_COLOURS = dict(zip(KINDS, ("#5b8def", "#a07cd9", "#3ba98a"), strict=True))
HEAT = ("#ebeef1", "#cdebd6", "#97d3ab", "#57b07b", "#2e7d50")
"""An empty day, then the dashboard's four shades, lightest first."""

DAY_COLOURS = {KEPT: GOOD, MISSED: SHORT, UNDER_WAY: NOW, AHEAD: SOFT, WEEKEND: SOFT, RESTING: REST}
DAY_WORDS = {KEPT: "kept", MISSED: "missed", UNDER_WAY: "so far", RESTING: "rest"}

STYLE = """
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:#f4f6f8;color:#1f2933;
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
main{max-width:50rem;margin:0 auto;padding:1.5rem 1rem 2rem}
header p{margin:0;color:#5c6773}
h1{margin:.1rem 0;font-size:1.9rem;line-height:1.2}
h2{margin:0 0 .6rem;font-size:1.15rem}
section{background:#fff;border:1px solid #dde3e9;border-radius:.6rem;padding:1rem 1.25rem;
margin:1rem 0;break-inside:avoid}
.big{font-size:2rem;font-weight:700;margin:0}
.muted,footer{color:#5c6773}
.note{white-space:pre-line;color:#5c6773}
svg{display:block;width:100%;height:auto;margin:.5rem 0}
svg.chart{max-width:34rem}
svg text{font-size:13px;fill:#5c6773}
svg .value{fill:#1f2933;font-weight:600}
.scroll{overflow-x:auto}
svg.wide-chart{min-width:34rem}
table{border-collapse:collapse;width:100%}
th,td{padding:.35rem .5rem;border-bottom:1px solid #e6eaee;text-align:left;vertical-align:middle}
th{font-weight:600;color:#5c6773;font-size:.9rem}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.up{color:#2e7d50}.down{color:#b4492f}.level{white-space:nowrap}
td svg.spark{width:8rem;height:.9rem;margin:0}
svg.pips{width:5.5rem;height:1rem;margin:0;display:inline-block;vertical-align:middle}
.stats{display:flex;flex-wrap:wrap;gap:.25rem 2rem;margin:.5rem 0 0}
.stats div{display:flex;gap:.5rem;align-items:baseline}
.stats dt{color:#5c6773}.stats dd{margin:0;font-weight:600}
ul{padding-left:1.2rem;margin:.3rem 0}
footer{font-size:.85rem;margin-top:1.5rem}
@media (max-width:36rem){main{padding:.75rem .5rem}section{padding:.8rem}
h1{font-size:1.5rem}.big{font-size:1.6rem}td svg.spark{width:4rem}.wide{display:none}}
@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}
section{border-color:#bbb;margin:.6rem 0}.scroll{overflow:visible}svg.wide-chart{min-width:0}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def review_page(report: "WeeklyReport") -> str:
    """The whole page: the week against the target, its days, kinds and domains, the last
    weeks, the year, the adopted stack, what changed and what to do next."""
    review = report.review
    sections = [
        _week_section(review),
        _days_section(review),
        _kinds_section(review),
        _domains_section(review),
        _trend_section(report.weeks, review),
        _year_section(report.days, report.first_day, review),
        _stack_section(review, report.stack),
        _changes_section(review),
        _next_section(review),
    ]
    made = f"{report.made:%a %d %b %Y at %H:%M}"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            _head(f"{review_title(review)} · Polymath"),
            "<body>",
            "<main>",
            _header(review),
            *(section for section in sections if section),
            f"<footer>Made with Polymath on {made}. The page is whole in itself: it loads "
            "nothing and runs no script.</footer>",
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


# --- text ---------------------------------------------------------------------------------


def text(value: str, *, one_line: bool = True) -> str:
    """Any text from data, safe in an element or an attribute (a note keeps its lines)."""
    return escape(display(value, one_line=one_line))


def name(value: str) -> str:
    """A name from data, isolated so a right-to-left name does not reorder what follows."""
    return f"<bdi>{text(value)}</bdi>"


def _n(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".removesuffix(".0")


def _section(key: str, heading: str, *body: str) -> str:
    """A titled part of the page; ``heading`` and ``body`` are HTML already."""
    return (
        f'<section id="{key}" aria-labelledby="{key}-h">\n<h2 id="{key}-h">{heading}</h2>\n'
        + "\n".join(body)
        + "\n</section>"
    )


def _svg(
    width: int,
    height: int,
    label: str,
    description: str,
    shapes: Iterable[str],
    *,
    cls: str = "",
) -> str:
    """An inline chart with its text alternative (read out instead of the shapes)."""
    style = f' class="{cls}"' if cls else ""
    return (
        f'<svg{style} viewBox="0 0 {width} {height}" role="img" aria-label="{text(label)}">'
        f"<title>{text(label)}</title><desc>{text(description)}</desc>" + "".join(shapes) + "</svg>"
    )


def _label(x: float, y: float, words: str, *, anchor: str = "middle", cls: str = "") -> str:
    style = f' class="{cls}"' if cls else ""
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{style}>{text(words)}</text>'


def _rect(x: float, y: float, width: float, height: float, fill: str, extra: str = "") -> str:
    return (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(0.0, width))}" '
        f'height="{_n(max(0.0, height))}" fill="{fill}"{extra}/>'
    )


def _target_line(x1: float, x2: float, y: float) -> str:
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y)}" x2="{_n(x2)}" y2="{_n(y)}" stroke="{TARGET}" '
        'stroke-width="2" stroke-dasharray="6 4"/>'
    )


# --- the page's parts ---------------------------------------------------------------------


def _table(head: str, rows: Iterable[str]) -> str:
    """A table that scrolls sideways on its own when a phone is too narrow for it."""
    body = "".join(rows)
    return f'<div class="scroll"><table><thead>{head}</thead><tbody>{body}</tbody></table></div>'


def _head(title: str) -> str:
    return (
        "<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{text(title)}</title>\n"
        f"<style>{STYLE}</style>\n"
        "</head>"
    )


def _header(review: WeekReview) -> str:
    last = review.week.end - timedelta(days=1)
    notes = [f"{review.week.start:%a %d %b} &ndash; {last:%a %d %b %Y}"]
    if review.in_progress:
        notes.append("in progress")
    if review.rest_week:
        notes.append("a planned rest week")
    return (
        f"<header><p>Polymath · weekly review</p><h1>Week {review.week.label}</h1>"
        f"<p>{' · '.join(notes)}</p></header>"
    )


def _week_section(review: WeekReview) -> str:
    target = review.targets.weekly_minutes
    total = review.total_minutes
    percent = round(100 * total / target) if target else 0
    if review.met:
        status = "target met"
    elif review.rest_week:
        status = "a rest week: the streak is kept"
    else:
        status = f"{format_minutes(review.minutes_left)} to go"
    figure = f"{format_minutes(total)} of {format_minutes(target)}"
    stats = (
        '<dl class="stats">'
        f"<div><dt>weekly streak</dt><dd>{review.weekly_streak} "
        f"(longest {review.longest_weekly_streak})</dd></div>"
        f"<div><dt>daily streak</dt><dd>{review.daily_streak} "
        f"(longest {review.longest_daily_streak})</dd></div></dl>"
    )
    return _section(
        "week",
        "The week against the weekly target",
        f'<p class="big">{figure}</p>',
        f'<p class="muted">{percent}% of the weekly target · {status}</p>',
        _meter(total, target, f"{figure} ({percent}%), {status}"),
        stats,
    )


def _meter(total: int, target: int, label: str) -> str:
    """One bar: the week's minutes, with the weekly target as a mark across it."""
    width, scale = 420, max(total, target, 1)
    x = width * target / scale
    shapes = [
        _rect(0, 8, width, 22, TRACK, ' rx="4"'),
        _rect(0, 8, width * total / scale, 22, GOOD if total >= target else NOW, ' rx="4"'),
        f'<line x1="{_n(x)}" y1="2" x2="{_n(x)}" y2="36" stroke="{TARGET}" stroke-width="3"/>',
        _label(min(x, width - 2), 52, f"{format_minutes(target)} target", anchor="end"),
    ]
    return _svg(width, 58, "The week against the weekly target", label, shapes, cls="chart")


def _days_section(review: WeekReview) -> str:
    guideline = review.targets.weekday_minutes
    heading = f"Each day against the weekday guideline ({format_minutes(guideline)})"
    kept = sum(day.status == KEPT for day in review.days)
    missed = sum(day.status == MISSED for day in review.days)
    summary = (
        "a planned rest week: no day is missed"
        if review.rest_week
        else f"{kept} kept, {missed} missed (the dashed line); weekends and days still to come "
        "have no guideline"
    )
    return _section("days", heading, _day_chart(review), f'<p class="muted">{summary}</p>')


def _day_chart(review: WeekReview) -> str:
    guideline = review.targets.weekday_minutes
    columns = [
        Column(
            f"{day.day:%a %d}",
            day.minutes,
            DAY_COLOURS.get(day.status, SOFT),
            DAY_WORDS.get(day.status, ""),
        )
        for day in review.days
    ]
    label = f"Minutes each day against the weekday guideline of {format_minutes(guideline)}"
    return _column_chart(columns, guideline, label, width=420, bar=34, cls="chart")


class Column(NamedTuple):
    """One bar of a column chart, with its label (and a second one) under it."""

    label: str
    minutes: int
    colour: str
    note: str = ""
    outlined: bool = False


def _column_chart(
    columns: Sequence[Column], line: int, label: str, *, width: int, bar: float, cls: str
) -> str:
    """Vertical bars against a dashed line across the chart (a target or a guideline)."""
    top, bottom = 24, 160
    scale = max([line, *(c.minutes for c in columns)]) * 1.15 or 1
    slot = width / max(1, len(columns))
    shapes = []
    for index, column in enumerate(columns):
        height = (bottom - top) * column.minutes / scale
        x = index * slot + slot / 2
        outline = f' stroke="{INK}" stroke-width="2"' if column.outlined else ""
        shapes += [
            _rect(x - bar / 2, bottom - height, bar, height, column.colour, outline),
            _label(x, bottom - height - 5, format_minutes(column.minutes), cls="value"),
            _label(x, bottom + 18, column.label),
            _label(x, bottom + 36, column.note) if column.note else "",
        ]
    line_y = bottom - (bottom - top) * line / scale
    shapes += [
        f'<line x1="0" y1="{bottom}" x2="{width}" y2="{bottom}" stroke="{SOFT}"/>',
        _target_line(0, width, line_y),
    ]
    notes = any(c.note for c in columns)
    words = "; ".join(
        f"{c.label}: {format_minutes(c.minutes)}" + (f", {c.note}" if c.note else "")
        for c in columns
    )
    return _svg(width, bottom + (46 if notes else 28), label, words + ".", shapes, cls=cls)


def _kinds_section(review: WeekReview) -> str:
    missing = review.missing_kinds
    note = (
        f'<p class="muted">No {" or ".join(missing)} time this week: a balanced week has all '
        "three kinds.</p>"
        if missing and review.total_minutes
        else ""
    )
    return _section("kinds", "Minutes by kind", _kind_chart(review.kinds), note)


def _kind_chart(kinds: dict[str, int]) -> str:
    width, row, left, span = 420, 34, 84, 230
    total = sum(kinds.values())
    scale = max([*kinds.values(), 1])
    shapes = []
    words = []
    for index, (kind, minutes) in enumerate(kinds.items()):
        y = index * row + 6
        share = round(100 * minutes / total) if total else 0
        figure = f"{format_minutes(minutes)} · {share}%"
        colour = KIND_COLOURS.get(kind, NOW)
        shapes += [
            _label(0, y + 16, kind, anchor="start"),
            _rect(left, y, span, 22, TRACK, ' rx="3"'),
            _rect(left, y, span * minutes / scale, 22, colour, ' rx="3"'),
            _label(width, y + 16, figure, anchor="end", cls="value"),
        ]
        words.append(f"{kind} {figure}")
    height = row * len(kinds) + 4
    return _svg(width, height, "Minutes by kind", ", ".join(words) + ".", shapes, cls="chart")


def _domains_section(review: WeekReview) -> str:
    heading = f'By domain <span class="muted">({text(trend_heading(review))})</span>'
    if not review.domains:
        return _section("domains", heading, '<p class="muted">No sessions this week.</p>')
    scale = max(
        max(d.minutes for d in review.domains),
        max((d.average_before or 0 for d in review.domains), default=0),
        1,
    )
    goals = any(d.goal_minutes is not None for d in review.domains)
    rows = [
        "<tr>"
        f"<td>{name(d.domain)}</td>"
        f'<td class="n">{format_minutes(d.minutes)}</td>'
        f"<td>{_spark(d.domain, d.minutes, d.average_before, scale)}</td>"
        f'<td class="n wide">{_average(d.average_before)}</td>'
        f'<td class="n {_direction(d.change)}">{change_text(d.change) or NONE}</td>'
        + (f"<td>{text(goal_text(d)) or NONE}</td>" if goals else "")
        + "</tr>"
        for d in review.domains
    ]
    head = (
        '<tr><th>domain</th><th class="n">this week</th><th></th>'
        '<th class="n wide">before, on average</th><th class="n">change</th>'
        + ("<th>weekly goal</th>" if goals else "")
        + "</tr>"
    )
    return _section("domains", heading, _table(head, rows))


def _average(average: float | None) -> str:
    return NONE if average is None else format_minutes(round(average))


def _direction(change: float | None) -> str:
    if change is None or round(change) == 0:
        return ""
    return "up" if change > 0 else "down"


def _spark(domain: str, minutes: int, average: float | None, scale: float) -> str:
    """This week's minutes as a bar, the earlier weeks' average as a dark mark across it."""
    shapes = [_rect(0, 2, 120, 10, TRACK), _rect(0, 2, 120 * minutes / scale, 10, NOW)]
    words = f"{domain}: {format_minutes(minutes)} this week"
    if average is not None:
        x = min(119.0, 120 * average / scale)
        shapes.append(_rect(x, 0, 1.5, 14, INK))
        words += f", {_average(average)} a week before"
    return _svg(120, 14, words, words, shapes, cls="spark")


def _trend_section(weeks: Sequence[tuple[Week, int]], review: WeekReview) -> str:
    target = review.targets.weekly_minutes
    met = sum(minutes >= target for _, minutes in weeks)
    average = sum(minutes for _, minutes in weeks) // max(1, len(weeks))
    columns = [
        Column(
            week.label[-3:],
            minutes,
            GOOD if minutes >= target else WEEK_BAR,
            "",
            week == review.week,
        )
        for week, minutes in weeks
    ]
    label = f"Minutes a week over the last {len(weeks)} weeks, against the weekly target"
    chart = _column_chart(columns, target, label, width=560, bar=28, cls="wide-chart")
    summary = (
        f'<p class="muted">{met} of {len(weeks)} met the {format_minutes(target)} target '
        f"(the dashed line) · {format_minutes(average)} a week on average</p>"
    )
    heading = f"The last {len(weeks)} weeks against the target"
    return _section("trend", heading, f'<div class="scroll">{chart}</div>', summary)


def _year_section(days: dict[date, int], first_day: date, review: WeekReview) -> str:
    active = sum(1 for minutes in days.values() if minutes > 0)
    hours = sum(days.values()) / 60
    summary = f"{active} days with learning, {hours:,.0f} hours in all"
    chart = _heatmap(days, first_day, review, summary)
    return _section(
        "year",
        "The year, day by day",
        f'<div class="scroll">{chart}</div>',
        f'<p class="muted">{summary}</p>',
    )


def _shade(minutes: int, thresholds: tuple[int, int, int]) -> int:
    return 0 if minutes <= 0 else 1 + sum(minutes >= t for t in thresholds)


def _heatmap(days: dict[date, int], first_day: date, review: WeekReview, summary: str) -> str:
    """One column a week, one row a weekday, shaded as on the dashboard."""
    targets = review.targets
    thresholds = (
        targets.daily_streak_minutes,
        targets.weekday_minutes,
        2 * targets.weekday_minutes,
    )
    columns = (review.week.start - first_day).days // 7 + 1
    step, left, top = 13, 32, 18
    shapes = [_months(first_day, columns, step, left)]
    for row in range(0, 7, 2):
        weekday = WEEKDAYS[(targets.week_start + row) % 7][:3].title()
        shapes.append(_label(0, top + row * step + 10, weekday, anchor="start"))
    for column in range(columns):
        for row in range(7):
            day = first_day + timedelta(weeks=column, days=row)
            if day > review.today:
                break
            minutes = days.get(day, 0)
            tip = f"<title>{day:%a %d %b %Y}: {format_minutes(minutes)}</title>" if minutes else ""
            shapes.append(
                f'<rect x="{left + column * step}" y="{top + row * step}" width="11" height="11" '
                f'rx="2" fill="{HEAT[_shade(minutes, thresholds)]}">{tip}</rect>'
            )
    bottom = top + 7 * step + 8
    shapes.append(_legend(thresholds, left, bottom))
    width = left + columns * step
    label = "Minutes each day over the last year"
    return _svg(width, bottom + 16, label, summary + ".", shapes, cls="wide-chart")


def _months(first_day: date, columns: int, step: int, left: int) -> str:
    """Each month's name above the first week starting in it, where there is room (a first
    month shown for less than four weeks stays unnamed)."""
    weeks = [first_day + timedelta(weeks=column) for column in range(columns)]
    starts = [n for n, start in enumerate(weeks) if n == 0 or start.month != weeks[n - 1].month]
    if len(starts) > 1 and starts[1] < 4:
        starts.pop(0)
    return "".join(
        _label(left + n * step, 12, f"{weeks[n]:%b}", anchor="start")
        for n in starts
        if n <= columns - 3
    )


def _legend(thresholds: tuple[int, int, int], left: int, y: int) -> str:
    low, mid, high = (format_minutes(t) for t in thresholds)
    labels = ("none", f"under {low}", f"{low}+", f"{mid}+", f"{high}+")
    parts = []
    x = float(left)
    for colour, words in zip(HEAT, labels, strict=True):
        parts += [
            _rect(x, y, 11, 11, colour, ' rx="2"'),
            _label(x + 15, y + 10, words, anchor="start"),
        ]
        x += 22 + 7.5 * len(words)
    return "".join(parts)


def _stack_section(review: WeekReview, progress: "StackProgress | None") -> str:
    if not review.stack and progress is None:
        return ""
    members = progress.members if progress else list(review.stack)
    target = progress.target_level if progress else None
    heading = "Adopted stack: " + " + ".join(name(m) for m in members)
    if target:
        heading += f' <span class="muted">(target level {target}, {level_name(target)})</span>'
    together = format_minutes(review.stack_integration_minutes)
    body = [_stack_table(review, progress)]
    overall = f", {progress.integration_minutes / 60:.1f} hours in all" if progress else ""
    body.append(f"<p>Integrating them: {together} this week{overall}.</p>")
    if progress is not None:
        body.append(f'<p class="muted">{_projection(progress)}</p>')
        present = {p.name for p in progress.profiles}
        body += [
            f'<p class="down">{name(m)} is no longer an active domain (renamed, merged or '
            "archived): adopt the stack again.</p>"
            for m in progress.members
            if m not in present
        ]
    return _section("stack", heading, *body)


def _stack_table(review: WeekReview, progress: "StackProgress | None") -> str:
    week = review.stack_minutes
    if progress is None:
        rows = [
            f'<tr><td>{name(m)}</td><td class="n">{format_minutes(week.get(m, 0))}</td></tr>'
            for m in review.stack
        ]
        head = '<tr><th>domain</th><th class="n">this week</th></tr>'
        return _table(head, rows)
    rows = [
        "<tr>"
        f"<td>{name(p.name)}</td>"
        f'<td class="wide">{name(p.area) if p.area else NONE}</td>'
        f'<td class="level">{_level(p.level, progress.target_level)}</td>'
        f'<td class="n">{p.total_minutes / 60:.1f}</td>'
        f'<td class="n">{format_minutes(week.get(p.name, 0))}</td>'
        f'<td class="n wide">{format_minutes(round(p.recent_weekly_minutes))}</td>'
        "</tr>"
        for p in progress.profiles
    ]
    head = (
        '<tr><th>domain</th><th class="wide">area</th><th>level</th><th class="n">hours</th>'
        '<th class="n">this week</th><th class="n wide">a week (4 wk)</th></tr>'
    )
    return _table(head, rows)


def _level(level: int | None, target: int) -> str:
    """The level in words, with five pips: filled up to it, the target's outlined."""
    reached = (level or 0) >= target
    words = f"{level} {level_name(level)}" if level else "not assessed"
    words += " ✓" if reached else f" → {target}"
    shapes = [
        _rect(
            n * 17 + 1,
            1,
            14,
            12,
            (GOOD if reached else NOW) if n < (level or 0) else TRACK,
            f' rx="2" stroke="{INK}" stroke-width="1.5"' if n + 1 == target else "",
        )
        for n in range(5)
    ]
    pips = _svg(86, 14, f"level {level or 0} of 5, target {target}", words, shapes, cls="pips")
    return f"{pips} {text(words)}"


def _projection(progress: "StackProgress") -> str:
    if progress.projected is None:
        return "Every member is at the target level already."
    earliest, likely, latest = progress.projected
    pace = progress.feasibility.describe(progress.pace.describe())
    return text(
        f"Reached around {likely:%b %Y} ({earliest:%b %Y} to {latest:%b %Y}): "
        f"{progress.remaining_hours:,.0f} hours to go, {pace}."
    )


def _changes_section(review: WeekReview) -> str:
    parts = []
    if review.level_changes:
        items = []
        for c in review.level_changes:
            before = f"{c.before} → " if c.before else ""
            note = f' <span class="note">{text(c.note, one_line=False)}</span>' if c.note else ""
            items.append(
                f"<li>{name(c.domain)}: {before}{c.after} ({level_name(c.after)}){note}</li>"
            )
        parts.append(f"<h3>Competence</h3><ul>{''.join(items)}</ul>")
    if review.integration:
        items = [
            f"<li>{name(i.a)} + {name(i.b)}: {format_minutes(i.minutes)}</li>"
            for i in review.integration
        ]
        parts.append(f"<h3>Integration</h3><ul>{''.join(items)}</ul>")
    return _section("changes", "What changed", *parts) if parts else ""


def _next_section(review: WeekReview) -> str:
    items = "".join(f"<li>{text(advice)}</li>" for advice in review.focus())
    return _section("next", "What next", f"<ul>{items}</ul>")
