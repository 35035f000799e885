"""Typed settings from the TOML config file and ``POLYMATH_*`` environment variables.

```toml
weekly_target = "5h"        # minutes or a duration: the 5-hour rule's weekly target
weekday_minutes = 60        # the weekday guideline
week_start = "monday"       # weeks start on this day (ISO weeks start on Monday)
daily_streak_minutes = 15   # a day counts toward the daily streak at this many minutes
weekends_count = false      # whether a weekend day without learning breaks the daily streak
timezone = "Europe/Berlin"  # days and weeks are local to this zone (default: the system's)
backup_days = 7             # daily copies of the database kept in backups/ beside it
backup_weeks = 4            # weekly copies kept there too
hours_per_week = 6          # the planner's pace (default: your recent average, else the target)
horizon_years = 3           # stacks that take longer at that pace are not suggested
alpha = 0.05                # the planner's false discovery rate over the pairs a query examines
atypical_lift = 0.67        # a rare pair occurs at most this share of what chance predicts
bridge_lift = 1.5           # a bridge occurs at least this many times chance
level_top = {2 = 0.5, 3 = 0.25, 4 = 0.10, 5 = 0.02}  # level -> "top q" of practitioners
sync_folder = "~/Sync/polymath"  # where polymath sync meets your other devices (--folder wins)
timer_warn_hours = 4        # a timer running longer is flagged: forgot to stop it?
```
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from datetime import UTC, tzinfo
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from polymath.core.calendar import week_start_index
from polymath.core.durations import parse_duration
from polymath.core.errors import InvalidInput
from polymath.core.plain import Plain
from polymath.core.rules import Targets

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    FilePath = str | os.PathLike[str]

ENV_PREFIX = "POLYMATH_"
DAY = 24 * 60
WEEK = 7 * DAY
MAX_BACKUPS = 366
MAX_SETTINGS_BYTES = 64 * 1024
KEYS = (
    "weekly_target",
    "weekday_minutes",
    "week_start",
    "daily_streak_minutes",
    "weekends_count",
    "timezone",
    "backup_days",
    "backup_weeks",
    "hours_per_week",
    "horizon_years",
    "alpha",
    "atypical_lift",
    "bridge_lift",
    "level_top",
    "sync_folder",
    "timer_warn_hours",
)


class Settings(Plain):
    """The user's targets and time zone, read once per command (``load_settings``).

    ``backup_days`` and ``backup_weeks``: copies of the database kept in ``backups/`` beside it
    (0: none); ``plan``: the planner's settings that were given, as
    ``graph.plan_options.PlanOptions`` fields.
    """

    __slots__ = (
        "backup_days",
        "backup_weeks",
        "plan",
        "sync_folder",
        "targets",
        "timer_warn_minutes",
        "zone",
        "zone_name",
    )

    def __init__(
        self,
        targets: Targets | None = None,
        zone: tzinfo = UTC,
        zone_name: str = "",
        backup_days: int = 7,
        backup_weeks: int = 4,
        plan: Mapping[str, Any] | None = None,
        sync_folder: str | None = None,
        timer_warn_minutes: int = 4 * 60,
    ) -> None:
        self.targets = targets if targets is not None else Targets()
        self.zone, self.zone_name = zone, zone_name
        self.backup_days, self.backup_weeks = backup_days, backup_weeks
        self.plan: Mapping[str, Any] = plan if plan is not None else MappingProxyType({})
        self.sync_folder = sync_folder
        self.timer_warn_minutes = timer_warn_minutes

    def __hash__(self) -> int:
        return hash((self.targets, self.zone, self.zone_name))


def load_settings(
    path: FilePath | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Settings from ``path`` (if it exists) overlaid with ``POLYMATH_<KEY>`` variables."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    if path is None:
        from polymath.paths import config_file

        path = config_file()
    path = os.fspath(path)
    if os.path.exists(path):
        values.update(_read_toml(path))
    for key in KEYS:
        if (ENV_PREFIX + key.upper()) in env:
            values[key] = env[ENV_PREFIX + key.upper()]
    unknown = sorted(set(values) - set(KEYS))
    if unknown:
        raise InvalidInput(f"{path}: unknown setting {unknown[0]!r} (known: {', '.join(KEYS)})")
    targets = Targets(
        weekly_minutes=_minutes(values.get("weekly_target", 300), "weekly_target", WEEK),
        weekday_minutes=_minutes(values.get("weekday_minutes", 60), "weekday_minutes", DAY),
        week_start=week_start_index(str(values.get("week_start", "monday"))),
        daily_streak_minutes=_minutes(
            values.get("daily_streak_minutes", 15), "daily_streak_minutes", DAY
        ),
        weekends_count=_flag(values.get("weekends_count", False)),
    )
    name = str(values.get("timezone", "") or "")
    return Settings(
        targets=targets,
        zone=zone_named(name) if name else system_zone(),
        zone_name=name,
        backup_days=_count(values.get("backup_days", 7), "backup_days", MAX_BACKUPS),
        backup_weeks=_count(values.get("backup_weeks", 4), "backup_weeks", MAX_BACKUPS),
        plan=MappingProxyType(_plan_settings(values)),
        sync_folder=_folder(values.get("sync_folder")),
        timer_warn_minutes=round(
            60 * _number(values.get("timer_warn_hours", 4), "timer_warn_hours", 0, 24 * 7)
        ),
    )


def _folder(value: Any) -> str | None:
    """A folder setting: a non-empty path, ``~`` expanded."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("setting sync_folder must name a folder")
    return os.path.expanduser(value.strip())


def _plan_settings(values: Mapping[str, Any]) -> dict[str, Any]:
    """The planner's settings, checked here (the planner itself loads only when it plans)."""
    plan: dict[str, Any] = {}
    if "hours_per_week" in values:
        plan["planned_hours_per_week"] = _number(values["hours_per_week"], "hours_per_week", 0, 168)
    if "horizon_years" in values:
        years = _number(values["horizon_years"], "horizon_years", 0, 50)
        plan["horizon_weeks"] = years * 52
    if "alpha" in values:
        plan["alpha"] = _number(values["alpha"], "alpha", 0, 0.5)
    if "atypical_lift" in values:
        plan["atypical_lift"] = _number(values["atypical_lift"], "atypical_lift", 0, 1)
    if "bridge_lift" in values:
        plan["bridge_lift"] = _number(values["bridge_lift"], "bridge_lift", 1, 100)
    if "level_top" in values:
        plan["level_top"] = _level_top(values["level_top"])
    return plan


def _number(value: Any, key: str, low: float, high: float) -> float:
    """A number strictly above ``low`` and at most ``high``."""
    try:
        number = float(str(value).strip()) if not isinstance(value, bool) else math.nan
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and low < number <= high):
        raise InvalidInput(f"setting {key} must be a number above {low:g} and at most {high:g}")
    return number


def _level_top(value: Any) -> dict[int, float]:
    """``{2 = 0.5, 3 = 0.25, ...}`` (TOML) or ``2=50%,3=25%`` (environment): level -> top q."""
    items: list[tuple[Any, Any]]
    if isinstance(value, Mapping):
        items = list(value.items())
    else:
        pairs = [part.partition("=") for part in str(value).split(",") if "=" in part]
        items = [(level, share) for level, _, share in pairs]
        if not items:
            raise InvalidInput("setting level_top takes pairs such as 3=25%,4=10%")
    mapping: dict[int, float] = {}
    for level_text, share_text in items:
        level = str(level_text).strip()
        if level not in ("2", "3", "4", "5"):
            raise InvalidInput(f"setting level_top: level {level!r} is not 2 to 5")
        text = str(share_text).strip()
        share = _number(text.rstrip("%"), "level_top", 0, 100 if text.endswith("%") else 1)
        mapping[int(level)] = share / 100 if text.endswith("%") else share
    return mapping


def _count(value: Any, key: str, maximum: int) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or int(text) > maximum:
        raise InvalidInput(
            f"setting {key} must be a whole number from 0 to {maximum}, not {value!r}"
        )
    return int(text)


def _read_toml(path: str) -> dict[str, Any]:
    """The settings file: a regular TOML file of reasonable size, or one clear line."""
    import tomllib

    if not os.path.isfile(path):
        raise InvalidInput(f"the settings file {path} is not a regular file")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_SETTINGS_BYTES + 1)
        if len(raw) > MAX_SETTINGS_BYTES:
            raise InvalidInput(
                f"the settings file {path} is larger than {MAX_SETTINGS_BYTES // 1024} KB"
            )
        return tomllib.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"cannot read settings {path}: {' '.join(str(exc).split())}") from None


def _minutes(value: Any, key: str, maximum: int) -> int:
    """Minutes (a whole number) or a duration (``5h``), from 1 up to ``maximum``."""
    if isinstance(value, bool):
        raise InvalidInput(f"setting {key} must be minutes or a duration, not {value!r}")
    text = str(value).strip()
    if len(text) > 20:
        raise InvalidInput(f"setting {key}: {text[:20]!r}... is not a duration such as 300 or 5h")
    try:
        minutes = int(text) if text.isdigit() else parse_duration(text, maximum=maximum)
    except InvalidInput:
        raise InvalidInput(
            f"setting {key}: {value!r} is not a duration such as 300 or 5h"
        ) from None
    if not 1 <= minutes <= maximum:
        raise InvalidInput(f"setting {key} is {minutes} minutes; it must be 1 to {maximum}")
    return minutes


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise InvalidInput(f"setting weekends_count must be true or false, not {value!r}")


def zone_named(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"unknown time zone {name!r}: use a name such as Europe/Berlin"
        ) from None


def system_zone() -> tzinfo:
    """The machine's zone as a real tz database zone, so weeks stay right across DST changes."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    localtime = "/etc/localtime"
    try:
        target = os.path.realpath(localtime)
        if "zoneinfo/" in target:
            return ZoneInfo(target.split("zoneinfo/", 1)[1])
        with open(localtime, "rb") as handle:
            return ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ValueError, ZoneInfoNotFoundError):
        return UTC
