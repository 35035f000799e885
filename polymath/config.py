"""Typed settings from the TOML config file and ``POLYMATH_*`` environment variables.

```toml
weekly_target = "5h"        # minutes or a duration: the 5-hour rule's weekly target
weekday_minutes = 60        # the weekday guideline
week_start = "monday"       # weeks start on this day (ISO weeks start on Monday)
daily_streak_minutes = 15   # a day counts toward the daily streak at this many minutes
weekends_count = false      # whether a weekend day without learning breaks the daily streak
timezone = "Europe/Berlin"  # days and weeks are local to this zone (default: the system's)
```
"""

import os
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from polymath.core.calendar import week_start_index
from polymath.core.durations import parse_duration
from polymath.core.errors import InvalidInput
from polymath.core.rules import Targets

ENV_PREFIX = "POLYMATH_"
WEEK = 7 * 24 * 60
KEYS = (
    "weekly_target",
    "weekday_minutes",
    "week_start",
    "daily_streak_minutes",
    "weekends_count",
    "timezone",
)


class Settings(NamedTuple):
    """The user's targets and time zone, read once per command (``load_settings``)."""

    targets: Targets = Targets()
    zone: tzinfo = UTC
    zone_name: str = ""


def load_settings(path: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Settings from ``path`` (if it exists) overlaid with ``POLYMATH_<KEY>`` variables."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    if path is None:
        from polymath.paths import config_path

        path = config_path()
    if path.is_file():
        values.update(_read_toml(path))
    for key in KEYS:
        if (ENV_PREFIX + key.upper()) in env:
            values[key] = env[ENV_PREFIX + key.upper()]
    unknown = sorted(set(values) - set(KEYS))
    if unknown:
        raise InvalidInput(f"{path}: unknown setting {unknown[0]!r} (known: {', '.join(KEYS)})")
    targets = Targets(
        weekly_minutes=_minutes(values.get("weekly_target", 300), "weekly_target"),
        weekday_minutes=_minutes(values.get("weekday_minutes", 60), "weekday_minutes"),
        week_start=week_start_index(str(values.get("week_start", "monday"))),
        daily_streak_minutes=_minutes(
            values.get("daily_streak_minutes", 15), "daily_streak_minutes"
        ),
        weekends_count=_flag(values.get("weekends_count", False)),
    )
    name = str(values.get("timezone", "") or "")
    return Settings(
        targets=targets, zone=zone_named(name) if name else system_zone(), zone_name=name
    )


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"cannot read settings {path}: {exc}") from None


def _minutes(value: Any, key: str) -> int:
    if isinstance(value, bool):
        raise InvalidInput(f"setting {key} must be minutes or a duration, not {value!r}")
    text = str(value)
    try:
        return int(text) if text.isdigit() and int(text) > 0 else parse_duration(text, maximum=WEEK)
    except InvalidInput:
        raise InvalidInput(
            f"setting {key}: {value!r} is not a duration such as 300 or 5h"
        ) from None


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
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            return ZoneInfo(target.split("zoneinfo/", 1)[1])
        with localtime.open("rb") as handle:
            return ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ValueError, ZoneInfoNotFoundError):
        return UTC
