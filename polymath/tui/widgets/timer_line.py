"""The running timer, ticking once a second from the injected clock."""

from collections.abc import Callable
from datetime import UTC, datetime

from textual.content import Content
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from polymath.services.checkin import RunningTimer
from polymath.tui.text import escape


def elapsed_text(seconds: int) -> str:
    """``5025`` -> ``1:23:45``."""
    hours, rest = divmod(max(0, seconds), 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


class TimerLine(Static):
    """One line: what the timer runs on and for how long, or how to start one."""

    DEFAULT_CSS = """
    TimerLine {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    """

    timer: reactive[RunningTimer | None] = reactive(None, always_update=True)

    def __init__(
        self, now: Callable[[], datetime], *, warn_minutes: int = 4 * 60, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._now = now
        self._warn_seconds = warn_minutes * 60
        self._ticker: Timer | None = None

    def on_mount(self) -> None:
        self._ticker = self.set_interval(1, self._tick, pause=self.timer is None)
        self._tick()

    def watch_timer(self, timer: RunningTimer | None) -> None:
        if self._ticker is not None:
            if timer is None:
                self._ticker.pause()
            else:
                self._ticker.resume()
        self._tick()

    def _tick(self) -> None:
        timer = self.timer
        if timer is None:
            self.update(
                Content.from_markup(
                    "[$foreground-muted]No timer running: highlight a domain and press "
                    "[b]s[/b] to start one.[/]"
                )
            )
            return
        now = self._now()
        seconds = int((now.astimezone(UTC) - timer.started_at.astimezone(UTC)).total_seconds())
        since = timer.started_at.astimezone(now.tzinfo)
        if seconds < 0:
            self.update(
                Content.from_markup(
                    f"[b $text-warning]▶ Timer[/] [b]{escape(timer.domain)}[/b] · {timer.kind} · "
                    f"from {since:%H:%M}, ahead of the clock "
                    "[$foreground-muted](the clock went back: it can end once the clock passes "
                    "its start; [b]c[/b] cancels it)[/]"
                )
            )
            return
        if seconds > self._warn_seconds:
            self.update(
                Content.from_markup(
                    f"[b $text-warning]▶ Timer[/] [b]{escape(timer.domain)}[/b] · "
                    f"since {since:%a %H:%M} · [b]{elapsed_text(seconds)}[/b]: forgot to stop? "
                    "[$foreground-muted][b]S[/b] saves what you did, up to when you stopped; "
                    "[b]c[/b] cancels[/]"
                )
            )
            return
        self.update(
            Content.from_markup(
                f"[b $text-success]▶ Timer[/] [b]{escape(timer.domain)}[/b] · {timer.kind} · "
                f"since {since:%H:%M} · [b]{elapsed_text(seconds)}[/b] elapsed "
                "[$foreground-muted](h:mm:ss; [b]s[/b] stops it and logs the session, "
                "[b]S[/b] at a time, [b]c[/b] cancels)[/]"
            )
        )
