"""Several devices, one history: what a person does on each device ends up on all of them.

Each device is its own database in its own data folder; they share one sync folder. After every
device has synced (twice, so each has read what the others wrote last), their exports are equal.
"""

import json
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from itertools import permutations
from pathlib import Path

import pytest

from polymath.config import Settings
from polymath.core.errors import InvalidInput, NotFound, SyncRefused
from polymath.services import domain_list, domains, sessions, sync
from polymath.services.checkin import log_session
from polymath.services.context import Context
from polymath.services.transfer import export_sessions
from tests.conftest import BERLIN, FixedClock


class Device:
    """One of the person's computers: its own database and data folder, the shared folder."""

    def __init__(self, root: Path, name: str, folder: Path, clock: FixedClock) -> None:
        home = root / name
        home.mkdir(parents=True)
        self.name = name
        self.folder = folder
        self.ctx = Context(
            home / "polymath.db", Settings(zone=BERLIN, zone_name="Europe/Berlin"), clock
        )

    def log(self, minutes: int, domain: str, **options: object) -> int:
        conn = self.ctx.connect()
        try:
            logged = log_session(
                conn,
                now=self.ctx.now(),
                minutes=minutes,
                domain=domain,
                create=True,
                **options,  # type: ignore[arg-type]
            )
        finally:
            conn.close()
        return logged.session_id

    def sync(self, key: str | None = None) -> sync.SyncReport:
        return sync.sync_now(self.ctx, folder=self.folder, key=key, name=self.name)

    def key(self) -> str:
        return sync.sync_key(self.ctx)

    def device_id(self) -> str:
        return str(sync.sync_status(self.ctx).device_id)

    def export(self) -> dict[str, object]:
        """The history as our JSON carries it, lists in a stable order (ids are global)."""
        document = json.loads(export_sessions(self.ctx, "json")[0])
        for key in ("domains", "sessions", "assessments"):
            document[key] = sorted(document[key], key=lambda item: item["id"])
        return document

    def session_id(self, note: str) -> int:
        [found] = [s.id for s in sessions.list_sessions(self.ctx) if s.note == note]
        return found

    def sessions(self) -> list[tuple[str, int, str | None]]:
        return sorted((s.domain, s.minutes, s.note) for s in sessions.list_sessions(self.ctx))


Devices = Callable[..., list[Device]]


@pytest.fixture
def devices(tmp_path: Path, clock: FixedClock) -> Devices:
    """``devices("laptop", "desktop")``: joined to one folder, the first starting the key."""
    folder = tmp_path / "Sync" / "polymath"
    folder.mkdir(parents=True)

    def make(*names: str) -> list[Device]:
        made = [Device(tmp_path, name, folder, clock) for name in names]
        made[0].sync()
        key = made[0].key()
        for other in made[1:]:
            other.sync(key)
        return made

    return make


def settle(*devices: Device) -> None:
    """Every device syncs until none has anything left to send, then all have read all."""
    for _ in range(4):
        sent = [device.sync().sent for device in devices]
        if not any(sent):
            break
    for device in devices:
        device.sync()


def assert_converged(*devices: Device) -> None:
    first = devices[0].export()
    for other in devices[1:]:
        assert other.export() == first, f"{other.name} differs from {devices[0].name}"


def test_a_second_device_joins_with_the_key_and_gets_the_whole_history(devices: Devices) -> None:
    (laptop,) = devices("laptop")
    laptop.log(45, "Jazz piano", note="ii-V-I")
    laptop.log(30, "Spanish", with_domains=["Jazz piano"])
    domains.assess(laptop.ctx, "Spanish", 2, note="A2", on=None)
    sessions.add_rest_week(laptop.ctx, "next", "holiday")
    laptop.sync()
    desktop = Device(laptop.folder.parents[1], "desktop", laptop.folder, laptop.ctx.clock)  # type: ignore[arg-type]
    report = desktop.sync(laptop.key())
    assert report.joined and report.read == {"laptop": 2}
    assert report.applied == 6  # two domains, two sessions, a level, a rest week
    assert_converged(laptop, desktop)
    assert desktop.sessions() == [("Jazz piano", 45, "ii-V-I"), ("Spanish", 30, None)]


def test_changes_on_both_devices_meet(devices: Devices) -> None:
    laptop, desktop = devices("laptop", "desktop")
    laptop.log(45, "Jazz piano", note="scales")
    desktop.log(20, "Statistics", note="priors")
    domains.assess(desktop.ctx, "Statistics", 3, note=None, on=None)
    sessions.add_rest_week(laptop.ctx, "2026-W52", "holiday")
    settle(laptop, desktop)
    assert_converged(laptop, desktop)
    assert laptop.sessions() == [("Jazz piano", 45, "scales"), ("Statistics", 20, "priors")]


def test_edits_and_deletes_travel(devices: Devices) -> None:
    laptop, desktop = devices("laptop", "desktop")
    laptop.log(45, "Jazz piano", note="scales")
    laptop.log(30, "Jazz piano", note="comping")
    settle(laptop, desktop)
    sessions.edit_session(desktop.ctx, desktop.session_id("scales"), minutes=50, note="scales!")
    sessions.delete_session(laptop.ctx, laptop.session_id("comping"))
    settle(laptop, desktop)
    assert_converged(laptop, desktop)
    assert laptop.sessions() == [("Jazz piano", 50, "scales!")]


def test_a_record_edited_apart_keeps_the_latest_and_sets_the_other_aside(
    devices: Devices,
) -> None:
    laptop, desktop = devices("laptop", "desktop")
    laptop.log(45, "Spanish", note="podcast")
    settle(laptop, desktop)
    sessions.edit_session(laptop.ctx, laptop.session_id("podcast"), minutes=40)
    sessions.edit_session(desktop.ctx, desktop.session_id("podcast"), minutes=60)  # later
    laptop.sync()
    report = desktop.sync()
    [conflict] = report.conflicts
    assert conflict.label.startswith("Spanish session ")
    assert (conflict.kept_by, conflict.lost_by) == ("desktop", "laptop")
    assert conflict.lost["minutes"] == 40
    settle(laptop, desktop)
    assert_converged(laptop, desktop)
    assert laptop.sessions() == [("Spanish", 60, "podcast")]
    # the version set aside comes back on request, as a new change that travels
    restored = sync.restore_conflict(desktop.ctx, conflict.id)
    assert restored.restored
    settle(laptop, desktop)
    assert_converged(laptop, desktop)
    assert laptop.sessions() == [("Spanish", 40, "podcast")]


def test_a_deletion_against_an_edit_is_reported_and_recoverable(devices: Devices) -> None:
    laptop, desktop = devices("laptop", "desktop")
    laptop.log(45, "Spanish", note="podcast")
    settle(laptop, desktop)
    sessions.edit_session(laptop.ctx, laptop.session_id("podcast"), minutes=40)
    sessions.delete_session(desktop.ctx, desktop.session_id("podcast"))
    laptop.sync()
    [conflict] = desktop.sync().conflicts
    assert conflict.kept_deleted and not conflict.lost_deleted
    settle(laptop, desktop)
    assert laptop.sessions() == desktop.sessions() == []
    sync.restore_conflict(desktop.ctx, conflict.id)
    settle(laptop, desktop)
    assert laptop.sessions() == [("Spanish", 40, "podcast")]


def test_renames_levels_rest_weeks_and_the_stack_travel(devices: Devices) -> None:
    laptop, desktop = devices("laptop", "desktop")
    for name in ("Jazz piano", "Statistics", "Spanish"):
        laptop.log(30, name)
    settle(laptop, desktop)
    domains.rename_domain(desktop.ctx, "Statistics", "Bayesian statistics")
    laptop.log(15, "Statistics", note="before the rename arrived")
    domains.assess(laptop.ctx, "Jazz piano", 3, note="comps standards", on=None)
    domains.set_archived(desktop.ctx, "Spanish", True)
    sessions.add_rest_week(laptop.ctx, "2026-W52", "holiday")
    sessions.add_rest_week(desktop.ctx, "2026-W52", "skiing")  # the same week, later
    from polymath.services.planner import adopt_stack

    adopt_stack(desktop.ctx, ["Jazz piano", "Bayesian statistics", "Spanish"], target_level=3)
    settle(laptop, desktop)
    assert_converged(laptop, desktop)
    listed = {d.name: d for d in domain_list.summaries(laptop.ctx, include_archived=True)}
    assert set(listed) == {"Jazz piano", "Bayesian statistics", "Spanish"}
    assert listed["Spanish"].archived and listed["Jazz piano"].level == 3
    assert listed["Bayesian statistics"].total_minutes == 45
    assert [(r.week, r.note) for r in sessions.list_rest_weeks(laptop.ctx)] == [
        ("2026-W52", "skiing")
    ]


def test_a_merge_of_domains_takes_sessions_logged_meanwhile_elsewhere(devices: Devices) -> None:
    laptop, desktop = devices("laptop", "desktop")
    laptop.log(30, "Stats")
    laptop.log(30, "Statistics")
    settle(laptop, desktop)
    domains.merge_domains(desktop.ctx, "Stats", "Statistics")
    laptop.log(20, "Stats", note="logged before the merge arrived")
    settle(laptop, desktop)
    assert_converged(laptop, desktop)
    assert laptop.sessions() == [
        ("Statistics", 20, "logged before the merge arrived"),
        ("Statistics", 30, None),
        ("Statistics", 30, None),
    ]


def test_one_domain_created_on_two_devices_is_one_domain(devices: Devices) -> None:
    laptop, desktop = devices("laptop", "desktop")
    laptop.log(30, "Spanish", note="laptop")
    desktop.log(20, "spanish", note="desktop")
    settle(laptop, desktop)
    assert_converged(laptop, desktop)
    names = {s[0] for s in laptop.sessions()}
    assert len(names) == 1 and len(domain_list.summaries(laptop.ctx)) == 1


def test_undo_of_a_check_in_on_one_device_removes_it_everywhere(devices: Devices) -> None:
    laptop, desktop = devices("laptop", "desktop")
    laptop.log(30, "Jazz piano", note="keep")
    settle(laptop, desktop)
    laptop.log(45, "Jazz piano", note="by mistake")
    settle(laptop, desktop)
    assert sessions.undo(laptop.ctx) == "log 45m Jazz piano"
    settle(laptop, desktop)
    assert_converged(laptop, desktop)
    assert desktop.sessions() == [("Jazz piano", 30, "keep")]


def test_undo_of_a_sync_reverts_what_it_brought_on_every_device(devices: Devices) -> None:
    laptop, desktop = devices("laptop", "desktop")
    laptop.log(30, "Jazz piano", note="from the laptop")
    laptop.sync()
    report = desktop.sync()
    assert report.applied == 2
    assert sessions.undo(desktop.ctx).startswith("sync: ")
    assert desktop.sessions() == []
    settle(laptop, desktop)
    assert_converged(laptop, desktop)
    assert laptop.sessions() == []


def test_a_domain_undone_on_one_device_stays_while_another_uses_it(devices: Devices) -> None:
    laptop, desktop = devices("laptop", "desktop")
    laptop.log(30, "Cello", note="first")
    settle(laptop, desktop)
    desktop.log(20, "Cello", note="second")
    assert sessions.undo(laptop.ctx) == "log 30m Cello"  # also removes the domain it created
    settle(laptop, desktop)
    assert_converged(laptop, desktop)
    assert laptop.sessions() == [("Cello", 20, "second")]


@pytest.mark.parametrize("order", list(permutations(range(3))))
def test_three_devices_converge_whatever_order_they_sync_in(
    devices: Devices, order: tuple[int, ...]
) -> None:
    trio = devices("laptop", "desktop", "phone")
    a, b, c = trio
    a.log(30, "Jazz piano", note="a1")
    b.log(40, "Spanish", note="b1")
    c.log(50, "Jazz piano", note="c1")
    for index in order:
        trio[index].sync()
    sessions.edit_session(b.ctx, b.session_id("b1"), minutes=35)
    domains.rename_domain(c.ctx, "Jazz piano", "Piano")
    a.log(10, "Spanish", note="a2")
    for index in reversed(order):
        trio[index].sync()
    settle(*(trio[i] for i in order))
    assert_converged(*trio)
    # both devices made a "Jazz piano": one stays; the phone's rename of its own to "Piano"
    # survives where it was made before the phone saw the other one
    assert {s[0] for s in a.sessions()} - {"Jazz piano", "Piano"} == {"Spanish"}
    assert sorted(s[1:] for s in a.sessions()) == [(10, "a2"), (30, "a1"), (35, "b1"), (50, "c1")]


def test_a_change_dated_in_the_future_is_dated_now_and_reported(devices: Devices) -> None:
    laptop, desktop = devices("laptop", "desktop")
    desktop.log(20, "Spanish", note="from the future")
    # the desktop's clock ran more than a year ahead when it logged that
    conn = desktop.ctx.connect()
    (latest,) = conn.execute("SELECT max(at) FROM sync_log").fetchone()
    ahead = latest + 400 * 24 * 3600 * 1000
    conn.execute("UPDATE sync_log SET at = ? WHERE device IS NULL", (ahead,))
    conn.close()
    desktop.sync()
    report = laptop.sync()
    [note] = report.clocks
    assert (note.device, note.changes) == ("desktop", 2)
    assert note.latest - datetime.fromtimestamp(latest / 1000).astimezone() > timedelta(days=399)
    # dated now here, the desktop's change no longer outranks an edit made here later
    sessions.edit_session(laptop.ctx, laptop.session_id("from the future"), minutes=21)
    laptop.sync()
    assert laptop.sessions() == [("Spanish", 21, "from the future")]


def test_a_wrong_key_is_refused_before_anything_is_written(
    devices: Devices, tmp_path: Path, clock: FixedClock
) -> None:
    (laptop,) = devices("laptop")
    laptop.log(30, "Jazz piano")
    laptop.sync()
    stranger = Device(tmp_path, "stranger", laptop.folder, clock)
    stranger.log(10, "Chess")
    before = stranger.export()
    listing = sorted(p.relative_to(laptop.folder) for p in laptop.folder.rglob("*"))
    other_key = sync.sync_key(_fresh_key_device(tmp_path, clock))
    with pytest.raises(SyncRefused, match="written with another key than this device's"):
        stranger.sync(other_key)
    assert stranger.export() == before
    assert sorted(p.relative_to(laptop.folder) for p in laptop.folder.rglob("*")) == listing
    assert not (stranger.ctx.db_path.parent / "polymath.db.sync.json").exists()


def _fresh_key_device(tmp_path: Path, clock: FixedClock) -> Context:
    other_folder = tmp_path / "other-folder"
    other_folder.mkdir()
    device = Device(tmp_path, "elsewhere", other_folder, clock)
    device.sync()
    return device.ctx


def test_a_mistyped_key_names_the_word(devices: Devices, tmp_path: Path, clock: FixedClock) -> None:
    (laptop,) = devices("laptop")
    words = laptop.key().split()
    newcomer = Device(tmp_path, "newcomer", laptop.folder, clock)
    with pytest.raises(InvalidInput, match="word 3 of the key"):
        newcomer.sync(" ".join([*words[:2], "zzzz", *words[3:]]))
    # the last word carries the checksum's 4 bits: its neighbour in the list breaks it
    from mnemonic import Mnemonic

    book = Mnemonic("english").wordlist
    wrong_last = book[book.index(words[-1]) ^ 1]
    with pytest.raises(InvalidInput, match="do not check out: one of them is mistyped"):
        newcomer.sync(" ".join([*words[:-1], wrong_last]))
    # the first four letters of each word are enough
    assert newcomer.sync(" ".join(w[:4] for w in words)).joined


def test_a_device_that_never_synced_is_told_how_to_start(tmp_path: Path, clock: FixedClock) -> None:
    device = Device(tmp_path, "laptop", tmp_path, clock)
    with pytest.raises(NotFound, match="does not sync yet"):
        sync.sync_now(device.ctx)
    assert sync.sync_status(device.ctx).set_up is False


def test_a_copied_data_folder_is_caught_and_given_its_own_identity(
    devices: Devices, tmp_path: Path, clock: FixedClock
) -> None:
    (laptop,) = devices("laptop")
    laptop.log(30, "Jazz piano", note="before the copy")
    laptop.sync()
    copy = Device(tmp_path, "copy", laptop.folder, clock)
    for path in laptop.ctx.db_path.parent.glob("polymath.db*"):
        shutil.copy(path, copy.ctx.db_path.parent / path.name)
    copy.log(20, "Spanish", note="on the copy")
    copy.sync()  # writes as the laptop
    laptop.log(10, "Chess", note="on the laptop")
    before = laptop.export()
    with pytest.raises(SyncRefused, match="another device writes to the sync folder as this one"):
        laptop.sync()
    assert laptop.export() == before
    report = sync.sync_now(laptop.ctx, new_device=True)
    assert report.read == {"copy": 1}  # what the copy wrote under the shared identity
    settle(laptop, copy)
    assert_converged(laptop, copy)
    assert {s[2] for s in laptop.sessions()} == {"before the copy", "on the laptop", "on the copy"}


def test_a_restored_backup_gets_its_later_changes_back_from_the_folder(devices: Devices) -> None:
    laptop, desktop = devices("laptop", "desktop")
    laptop.log(30, "Jazz piano", note="kept in the backup")
    laptop.sync()
    conn = laptop.ctx.connect()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    saved = laptop.ctx.db_path.read_bytes()
    laptop.log(45, "Jazz piano", note="after the backup")
    laptop.sync()
    laptop.ctx.db_path.write_bytes(saved)
    for side in ("-wal", "-shm"):
        Path(str(laptop.ctx.db_path) + side).unlink(missing_ok=True)
    laptop.sync()
    settle(laptop, desktop)
    assert_converged(laptop, desktop)
    assert ("Jazz piano", 45, "after the backup") in laptop.sessions()


def test_status_names_the_devices_and_what_waits(devices: Devices) -> None:
    laptop, desktop = devices("laptop", "desktop")
    laptop.log(30, "Jazz piano")
    laptop.log(20, "Spanish")
    status = sync.sync_status(laptop.ctx)
    assert (status.device, status.unsent) == ("laptop", 4)
    laptop.sync()
    status = sync.sync_status(desktop.ctx)
    assert [(p.name, p.unread) for p in status.others] == [("laptop", 1)]
    desktop.sync()
    status = sync.sync_status(desktop.ctx)
    assert (status.unsent, status.unread, status.waiting) == (0, 0, 0)
    assert status.others[0].last_wrote is not None
    assert status.to_dict()["others"] == [
        {
            "device": "laptop",
            "id": laptop.device_id(),
            "last_wrote": status.others[0].last_wrote.isoformat(),
            "unread_segments": 0,
        }
    ]


@pytest.fixture(autouse=True)
def _no_sync_folder_in_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("POLYMATH_DB", "POLYMATH_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    yield
