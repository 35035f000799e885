"""Hypothesis strategies for histories a database could hold, and texts that try to break a file.

Shared by the importers' property tests (round trips and the no-traceback contract).
"""

from datetime import UTC, date, datetime

from hypothesis import strategies as st

from polymath.core.errors import InvalidInput
from polymath.core.kinds import KINDS
from polymath.core.names import name_key
from polymath.core.records import (
    AssessmentRecord,
    Dataset,
    DomainRecord,
    RestWeekRecord,
    SessionRecord,
    StackRecord,
)
from polymath.core.text import clean_name, clean_note

SPREADSHEET_TRAPS = [
    "=SUM(A1:A9)",
    "+1",
    "-x",
    "@here",
    "'=a",
    "''",
    "'",
    "'twas",
    "Rock; roll",
    "AC\\DC",
    "ends with \\",
    "\\;",
]
"""Texts a spreadsheet would run as formulas, or that look like our own escapes."""

HOSTILE_TEXT = [
    "\ud800",
    "a\udfffb",
    "\x1b[31mred\x1b[0m",
    "\u202eevil",
    "bell\x07",
    "bare\rCR",
    "\x85next",
    "\u2028sep",
    "nul\x00",
    "\ufffe",
    "x" * 2001,
    "y" * 100_000,
]
"""What a hostile file puts in a name or a note: lone surrogates, escapes, bidi, oversize."""


def storable_name(text: str) -> str | None:
    """The name ``text`` is stored as, or None when the stored-text rule refuses it."""
    try:
        return clean_name(text)
    except InvalidInput:
        return None


domain_names = (
    (st.text(min_size=1, max_size=40) | st.sampled_from(SPREADSHEET_TRAPS))
    .map(storable_name)
    .filter(lambda name: name is not None)
)
notes = st.none() | (st.text(min_size=1, max_size=200) | st.sampled_from(SPREADSHEET_TRAPS)).map(
    clean_note
)
utc_seconds = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))
sessions = st.builds(
    SessionRecord,
    started_at=utc_seconds,
    minutes=st.integers(1, 1440),
    domain=domain_names,
    kind=st.sampled_from(KINDS),
    note=notes,
    with_domains=st.lists(domain_names, max_size=3).map(tuple),
)
domains = st.builds(
    DomainRecord, name=domain_names, area=st.none() | domain_names, archived=st.booleans()
)
assessments = st.builds(
    AssessmentRecord,
    domain=domain_names,
    level=st.integers(1, 5),
    assessed_on=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)),
    note=notes,
)
week_labels = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)).map(
    lambda day: f"{day.isocalendar().year:04d}-W{day.isocalendar().week:02d}"
)


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    """Any history a database could hold, with a stack of three of its domains or none."""
    listed = tuple(
        draw(st.lists(domains, max_size=5, unique_by=lambda domain: name_key(domain.name)))
    )
    stack = None
    if len(listed) >= 3 and draw(st.booleans()):
        members = draw(st.permutations([domain.name for domain in listed]))[:3]
        stack = StackRecord((members[0], members[1], members[2]), draw(st.integers(1, 5)))
    rest_weeks = st.lists(
        st.builds(RestWeekRecord, week=week_labels, note=notes),
        max_size=3,
        unique_by=lambda rest: rest.week,
    )
    return Dataset(
        domains=listed,
        sessions=tuple(draw(st.lists(sessions, max_size=6))),
        assessments=tuple(draw(st.lists(assessments, max_size=3))),
        rest_weeks=tuple(draw(rest_weeks)),
        stack=stack,
    )


hostile_text = st.text(max_size=30) | st.sampled_from(HOSTILE_TEXT)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=12,
)
