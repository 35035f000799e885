"""Three devices, random changes, random sync orders: they end up holding the same history, and
nothing a device acknowledged is lost unless the person removed it (a delete, an undo)."""

import contextlib
import shutil
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from polymath.core.errors import PolymathError
from polymath.services import domains, sessions
from tests.conftest import BERLIN, FixedClock
from tests.unit.services.test_sync_devices import Device, settle

NAMES = ("Jazz", "Spanish", "Stats", "Piano")
WEEKS = ("2026-W45", "2026-W46")
DEVICE = st.integers(min_value=0, max_value=2)


class ThreeDevices(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="polymath-sync-"))
        self.clock = FixedClock(datetime(2026, 11, 25, 20, 0, tzinfo=BERLIN))
        folder = self.root / "Sync"
        folder.mkdir()
        self.devices = [Device(self.root, name, folder, self.clock) for name in ("a", "b", "c")]
        self.logged: set[str] = set()
        """Sessions each device acknowledged, by global id."""
        self.removed: set[str] = set()
        """Sessions the person removed on some device (deleted, or gone with an undo)."""
        self.notes = 0

    @initialize()
    def join(self) -> None:
        first = self.devices[0]
        first.sync()
        for other in self.devices[1:]:
            other.sync(first.key())

    def teardown(self) -> None:
        for device in self.devices:
            if "engine" in vars(device.ctx):
                device.ctx.engine.dispose()
        shutil.rmtree(self.root, ignore_errors=True)

    def uids(self, device: Device) -> dict[int, str]:
        conn = sqlite3.connect(device.ctx.db_path)
        try:
            return dict(conn.execute("SELECT id, uid FROM learning_session").fetchall())
        finally:
            conn.close()

    @rule(d=DEVICE, name=st.sampled_from(NAMES), minutes=st.integers(1, 90), linked=st.booleans())
    def log(self, d: int, name: str, minutes: int, linked: bool) -> None:
        device = self.devices[d]
        self.notes += 1
        others = [n for n in NAMES if n != name][:1] if linked else []
        session_id = device.log(
            minutes, name, note=f"n{self.notes}", with_domains=others, again=True
        )
        self.logged.add(self.uids(device)[session_id])

    @rule(d=DEVICE, pick=st.integers(0, 50), minutes=st.integers(1, 90))
    def edit(self, d: int, pick: int, minutes: int) -> None:
        device = self.devices[d]
        listed = sessions.list_sessions(device.ctx)
        if listed:
            sessions.edit_session(device.ctx, listed[pick % len(listed)].id, minutes=minutes)

    @rule(d=DEVICE, pick=st.integers(0, 50))
    def delete(self, d: int, pick: int) -> None:
        device = self.devices[d]
        listed = sessions.list_sessions(device.ctx)
        if listed:
            chosen = listed[pick % len(listed)].id
            self.removed.add(self.uids(device)[chosen])
            sessions.delete_session(device.ctx, chosen)

    @rule(d=DEVICE, old=st.sampled_from(NAMES), new=st.sampled_from(NAMES))
    def rename(self, d: int, old: str, new: str) -> None:
        with contextlib.suppress(PolymathError):  # no such domain here, or the name is taken
            domains.rename_domain(self.devices[d].ctx, old, new)

    @rule(d=DEVICE, source=st.sampled_from(NAMES), into=st.sampled_from(NAMES))
    def merge(self, d: int, source: str, into: str) -> None:
        with contextlib.suppress(PolymathError):
            domains.merge_domains(self.devices[d].ctx, source, into)

    @rule(d=DEVICE, name=st.sampled_from(NAMES), level=st.integers(1, 5))
    def level(self, d: int, name: str, level: int) -> None:
        with contextlib.suppress(PolymathError):
            domains.assess(self.devices[d].ctx, name, level, note=None, on=None)

    @rule(d=DEVICE, week=st.sampled_from(WEEKS), note=st.sampled_from(("ill", "away", None)))
    def rest(self, d: int, week: str, note: str | None) -> None:
        if note is None:
            with contextlib.suppress(PolymathError):
                sessions.remove_rest_week(self.devices[d].ctx, week)
        else:
            sessions.add_rest_week(self.devices[d].ctx, week, note)

    @rule(d=DEVICE)
    def undo(self, d: int) -> None:
        device = self.devices[d]
        before = set(self.uids(device).values())
        try:
            sessions.undo(device.ctx)
        except PolymathError:
            return
        self.removed |= before - set(self.uids(device).values())

    @rule(d=DEVICE)
    def sync(self, d: int) -> None:
        self.devices[d].sync()

    @rule(order=st.permutations([0, 1, 2]))
    def settle_and_compare(self, order: list[int]) -> None:
        settle(*(self.devices[i] for i in order))
        exports = [device.export() for device in self.devices]
        assert exports[1] == exports[0] and exports[2] == exports[0]
        listed = exports[0]["sessions"]
        assert isinstance(listed, list)
        present = {s["id"] for s in listed}
        assert self.logged - self.removed <= present

    @invariant()
    def every_database_stays_sound(self) -> None:
        for device in self.devices:
            conn = sqlite3.connect(device.ctx.db_path)
            try:
                assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            finally:
                conn.close()


ThreeDevices.TestCase.settings = settings(
    max_examples=12,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_three_devices_converge = ThreeDevices.TestCase
