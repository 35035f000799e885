"""Fixtures every test folder may use: a database file of its own and a clock that stands still."""

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

BERLIN = ZoneInfo("Europe/Berlin")


@dataclass
class FixedClock:
    """A clock for ``Context(clock=...)``: it reads ``moment`` until a test moves it on."""

    moment: datetime

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> datetime:
        """Move on by elapsed time (``minutes=30``), the way a real clock would across DST."""
        zone = self.moment.tzinfo
        self.moment = (self.moment.astimezone(UTC) + timedelta(**delta)).astimezone(zone)
        return self.moment


@pytest.fixture(autouse=True)
def no_personal_files(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test reads or writes the person's own database or settings: the platform's folders
    point into a temporary folder, and ``POLYMATH_*`` variables set outside are dropped."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    for name in [name for name in os.environ if name.startswith("POLYMATH_")]:
        monkeypatch.delenv(name)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database lives; nothing is created until the code under test opens it."""
    return tmp_path / "polymath.db"


@pytest.fixture
def clock() -> FixedClock:
    """Wednesday 25 November 2026, 20:00 in Berlin (week 2026-W48, Monday the 23rd to the 29th)."""
    return FixedClock(datetime(2026, 11, 25, 20, 0, tzinfo=BERLIN))


DEMO_FILE = Path(__file__).resolve().parents[1] / "sample_data" / "demo.json"
"""The demo persona's history (Maya), as shipped."""


@pytest.fixture
def demo_clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    """The command line's clock set to the demo's evening, after Maya's last session."""
    from polymath.cli import common
    from polymath.services.maintenance import demo_evening

    fixed = FixedClock(demo_evening())
    monkeypatch.setattr(common, "clock", fixed)
    return fixed
