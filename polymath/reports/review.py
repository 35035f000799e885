"""The weekly review as a document: plain text for a terminal, Markdown for a file.

Shared by the command line (``polymath review``) and the app (its export key), so both say the
same thing in the same words.
"""

from collections.abc import Sequence
from datetime import timedelta

from polymath.core.durations import format_minutes
from polymath.core.levels import level_name
from polymath.core.review import DomainLine, WeekReview
from polymath.core.rules import KEPT, MISSED, RESTING, UNDER_WAY

BAR_WIDTH = 30

DAY_MARKS = {KEPT: "kept", MISSED: "missed", UNDER_WAY: "so far", RESTING: "rest"}
"""How a day stands against the weekday guideline, in words (weekends and days ahead: none)."""


def trend_heading(review: WeekReview) -> str:
    """What the change beside each domain is measured against, as it really is."""
    weeks = review.trend_weeks
    if not weeks:
        return "no earlier week to compare with yet"
    previous = "the previous week" if weeks == 1 else f"the previous {weeks} weeks"
    if review.trend_days < 7:
        days = "day" if review.trend_days == 1 else f"{review.trend_days} days"
        return f"change vs the first {days} of {previous}, on average"
    return f"change vs {previous}, on average"


def change_text(change: float | None) -> str:
    """``+1h25``, ``-15m``; empty when there is nothing to compare with."""
    if change is None:
        return ""
    sign = "+" if change >= 0 else "-"
    return f"{sign}{format_minutes(round(abs(change)))}"


def bar(value: int, target: int, width: int = BAR_WIDTH) -> str:
    """A text bar filled to value/target, capped at full."""
    filled = min(width, round(width * value / target)) if target else 0
    return "\u2588" * filled + "\u2591" * (width - filled)


def review_title(review: WeekReview) -> str:
    """``Week 2026-W48 (Mon 23 Nov - Sun 29 Nov 2026), in progress``."""
    last = review.week.end - timedelta(days=1)
    title = f"Week {review.week.label} ({review.week.start:%a %d %b} - {last:%a %d %b %Y})"
    return title + ", in progress" if review.in_progress else title


def markdown_cell(text: str) -> str:
    """Text that stays inside one cell of a Markdown table (a ``|`` would end the cell)."""
    return text.replace("\\", "\\\\").replace("|", "\\|")


def markdown_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()
) -> list[str]:
    """A GitHub-flavoured Markdown table: the header row, its ``|---|`` row, then the rows;
    the columns numbered in ``right`` (figures) are aligned right."""

    def row(cells: Sequence[str]) -> str:
        return "| " + " | ".join(markdown_cell(cell) for cell in cells) + " |"

    rule = "|" + "|".join("---:" if n in right else "---" for n in range(len(headers))) + "|"
    return [row(headers), rule, *(row(cells) for cells in rows)]


def goal_text(line: DomainLine) -> str:
    """``goal 2h: met`` or ``goal 2h: 1h15 to go``; '' for a domain without a weekly goal."""
    if line.goal_minutes is None:
        return ""
    goal = f"goal {format_minutes(line.goal_minutes)}"
    if line.goal_met:
        return f"{goal}: met"
    return f"{goal}: {format_minutes(line.goal_minutes - line.minutes)} to go"


def _domain_table(review: WeekReview) -> list[str]:
    compared = review.trend_weeks > 0
    goals = any(d.goal_minutes is not None for d in review.domains)
    rows = [
        [
            d.domain,
            format_minutes(d.minutes),
            *([change_text(d.change)] if compared else []),
            *([goal_text(d)] if goals else []),
        ]
        for d in review.domains
    ]
    headers = ["domain", "time", *(["change"] if compared else []), *(["goal"] if goals else [])]
    return markdown_table(headers, rows, right=(1, 2) if compared else (1,))


def _kind_table(review: WeekReview) -> list[str]:
    rows = [[kind, format_minutes(minutes)] for kind, minutes in review.kinds.items()]
    return markdown_table(["kind", "time"], rows, right=(1,))


def _day_table(review: WeekReview) -> list[str]:
    guideline = review.targets.weekday_minutes
    rows = [
        [
            f"{day.day:%a %d}",
            format_minutes(day.minutes),
            bar(day.minutes, guideline, 10),
            DAY_MARKS.get(day.status, ""),
        ]
        for day in review.days
    ]
    headers = ["day", "time", f"of {format_minutes(guideline)}", "guideline"]
    return markdown_table(headers, rows, right=(1,))


def review_text(review: WeekReview, *, markdown: bool = False) -> str:
    """The weekly review as plain text or Markdown."""
    t = review.targets
    title = review_title(review)
    lines: list[str] = []
    h = (lambda s: f"## {s}") if markdown else (lambda s: f"{s}:")
    item = "- " if markdown else "  "
    lines.append(f"# {title}" if markdown else title)
    if review.rest_week:
        lines.append("Planned rest week.")
    pct = round(100 * review.total_minutes / t.weekly_minutes) if t.weekly_minutes else 0
    status = "target met" if review.met else f"{format_minutes(review.minutes_left)} to go"
    total = f"{format_minutes(review.total_minutes)} of {format_minutes(t.weekly_minutes)}"
    summary = f"{total} ({pct}%), {status}"
    lines += ["", h("Total"), f"{item}{bar(review.total_minutes, t.weekly_minutes)} {summary}"]
    lines += ["", h(f"By domain ({trend_heading(review)})")]
    if not review.domains:
        lines.append(f"{item}no sessions")
    elif markdown:
        lines += ["", *_domain_table(review)]
    else:
        for d in review.domains:
            change = f"  ({change_text(d.change)})" if d.change is not None else ""
            goal = f"  {goal_text(d)}" if d.goal_minutes is not None else ""
            lines.append(f"{item}{d.domain:<28} {format_minutes(d.minutes):>6}{change}{goal}")
    lines += ["", h("By kind")]
    if markdown:
        lines += ["", *_kind_table(review)]
    else:
        for kind, minutes in review.kinds.items():
            lines.append(f"{item}{kind:<11} {format_minutes(minutes):>6}")
    if review.missing_kinds:
        if markdown:
            lines.append("")  # a table ends at a blank line
        lines.append(f"{item}missing: {', '.join(review.missing_kinds)}")
    lines += ["", h(f"By day (weekday guideline {format_minutes(t.weekday_minutes)})")]
    if markdown:
        lines += ["", *_day_table(review)]
    else:
        for day in review.days:
            mark = DAY_MARKS.get(day.status, "")
            lines.append(
                f"{item}{day.day:%a %d}  {format_minutes(day.minutes):>6}  "
                f"{bar(day.minutes, t.weekday_minutes, 10)} {mark}".rstrip()
            )
    lines += [
        "",
        h("Streaks"),
        f"{item}weekly: {review.weekly_streak} (longest {review.longest_weekly_streak})",
        f"{item}daily: {review.daily_streak} (longest {review.longest_daily_streak})",
    ]
    if review.level_changes:
        lines += ["", h("Competence")]
        for c in review.level_changes:
            before = f"{c.before} -> " if c.before else ""
            note = f": {c.note}" if c.note else ""
            lines.append(f"{item}{c.domain}: {before}{c.after} ({level_name(c.after)}){note}")
    if review.integration:
        lines += ["", h("Integration")]
        for i in review.integration:
            lines.append(f"{item}{i.a} + {i.b}: {format_minutes(i.minutes)}")
    if review.stack:
        lines += ["", h("Stack")]
        for name, minutes in review.stack_minutes.items():
            lines.append(f"{item}{name:<28} {format_minutes(minutes):>6}")
        together = format_minutes(review.stack_integration_minutes)
        lines.append(f"{item}integrating them: {together}")
    lines += ["", h("Next")]
    lines += [f"{item}{advice}" for advice in review.focus()]
    return "\n".join(lines)
