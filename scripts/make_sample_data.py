"""Write the demo persona's history, ``sample_data/demo.json``, in Polymath's own JSON format.

Maya is a software developer in Berlin who learns six domains (and dropped a seventh) with the
5-hour rule, from 2025-09-01 to Friday 2026-11-27. Her domains are mapped to areas of the
ESCO population (the default for a new database). The history is synthetic: a seeded generator
makes it, so every run writes the same bytes.

    python scripts/make_sample_data.py            # (re)write sample_data/demo.json
    python scripts/make_sample_data.py --check    # exit 1 if the committed file is out of date

Only the standard library is used. Sessions are planned in Maya's local time (Europe/Berlin) and
stored in UTC, so summer and winter time shift the UTC clock times as they should.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

SEED = 20261129
TZ = ZoneInfo("Europe/Berlin")
FIRST_DAY = date(2025, 9, 1)  # a Monday, ISO 2025-W36
LAST_DAY = date(2026, 11, 27)  # a Friday, ISO 2026-W48: the week is still under way
TARGET = 300  # weekly minutes of the 5-hour rule
Record = dict[str, Any]  # a JSON object
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "sample_data" / "demo.json"

REST_WEEKS = [("2025-W52", "holiday"), ("2026-W33", "summer trip")]
# Fourteen days in bed with the flu, not declared as a rest week: the streak breaks.
ILLNESS = (date(2026, 2, 12), date(2026, 2, 25))
# A few days off the routine: a conference, a release crunch, a family visit.
MISSED_DAYS = [
    *(date(2025, 10, 14) + timedelta(days=i) for i in range(3)),
    *(date(2026, 5, 19) + timedelta(days=i) for i in range(3)),
    date(2026, 6, 30),
    date(2026, 7, 1),
    date(2026, 10, 2),
]
# The last weeks all meet the rule: the current weekly streak ends in 2026-W48.
FORCED_MEET_FROM = date(2026, 9, 28)  # Monday of 2026-W40
MISS_PROBABILITY = 0.24


@dataclass
class Domain:
    name: str
    area: str
    start: date
    end: date | None  # last day of practice for an archived domain
    weight: float
    kinds: dict[str, float]  # kind -> weight
    slots: dict[str, float]  # slot -> affinity
    notes: dict[str, list[str]]  # kind -> phrases
    books: list[tuple[str, int]] = field(default_factory=list)  # read notes that move on
    chapter: int = 0
    book: int = 0

    @property
    def archived(self) -> bool:
        return self.end is not None

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def weight_on(self, day: date) -> float:
        if self.end is not None:  # interest fades in the last weeks before dropping it
            left = (self.end - day).days
            return self.weight * min(1.0, 0.35 + left / 40)
        ramp = (day - self.start).days  # a new domain gets extra attention in its first weeks
        return self.weight * (1.5 if ramp < 28 else 1.0)


DOMAINS = [
    Domain(
        name="Jazz piano",
        area="music and performing arts",
        start=date(2025, 9, 1),
        end=None,
        weight=3.0,
        kinds={"experiment": 7, "read": 1.5, "reflect": 1.5},
        slots={"morning": 0.5, "lunch": 0.2, "evening": 1.6, "weekend": 1.4},
        notes={
            "experiment": [
                "ii-V-I voicings in all keys",
                "rootless voicings, left hand",
                "comping on Autumn Leaves",
                "blues in F, twelve choruses",
                "shell voicings on Blue Bossa",
                "guide-tone lines on All the Things You Are",
                "walking bass lines, slow tempo",
                "Satin Doll from the Real Book",
                "tritone substitutions",
                "metronome on 2 and 4",
                "trading fours with a backing track",
                "transcribed 8 bars of Wynton Kelly",
                "So What voicings",
                "Bill Evans voicings",
                "Take the A Train at 120 bpm",
            ],
            "read": ["chord-scale theory notes", "Kind of Blue liner notes"],
            "reflect": [
                "recorded myself: timing drags",
                "listened back to last week's take",
                "practice log review",
                "picked the next three standards",
                "analysed Peace Piece",
                "what to drop from the routine",
            ],
        },
        books=[("Levine, The Jazz Piano Book ch. {}", 20), ("The Jazz Theory Book ch. {}", 24)],
    ),
    Domain(
        name="Bayesian statistics",
        area="statistics",
        start=date(2025, 9, 1),
        end=None,
        weight=3.0,
        kinds={"read": 4.5, "experiment": 3.5, "reflect": 2},
        slots={"morning": 1.5, "lunch": 0.6, "evening": 1.0, "weekend": 1.0},
        notes={
            "read": [
                "priors and posteriors recap",
                "Gelman blog on weakly informative priors",
                "paper: prior predictive checks",
                "PyMC docs: hierarchical models",
            ],
            "experiment": [
                "coin flips by grid approximation",
                "Beta-Binomial A/B test",
                "PyMC hierarchical model of commute times",
                "MCMC diagnostics, R-hat and ESS",
                "prior predictive simulation",
                "posterior predictive checks",
                "Metropolis sampler from scratch",
                "logistic regression in PyMC",
                "varying slopes model",
                "model comparison with LOO",
            ],
            "reflect": [
                "notes: conjugate priors",
                "flashcards: HDI vs confidence interval",
                "why the posterior is wider than expected",
                "blog draft on priors",
                "summary: pooling, partial pooling, no pooling",
            ],
        },
        books=[("Kruschke ch. {}", 25), ("Statistical Rethinking ch. {}", 16)],
    ),
    Domain(
        name="Cognitive psychology",
        area="psychology",
        start=date(2025, 9, 15),
        end=None,
        weight=2.0,
        kinds={"read": 6, "reflect": 3, "experiment": 1},
        slots={"morning": 1.6, "lunch": 1.0, "evening": 0.8, "weekend": 0.5},
        notes={
            "read": [
                "paper: retrieval practice (Roediger and Karpicke)",
                "Baddeley 1974, working memory",
                "paper: desirable difficulties",
                "attention and perception chapter",
                "paper: chunking in chess experts",
                "Make It Stick, skimmed again",
            ],
            "reflect": [
                "notes on the spacing effect",
                "concept map of memory systems",
                "summary: dual-process theories",
                "what this changes in my practice routine",
                "flashcards: key studies",
            ],
            "experiment": [
                "Stroop task in PsychoPy",
                "a spacing experiment on myself",
                "n-back training log",
            ],
        },
        books=[("Eysenck and Keane ch. {}", 20)],
    ),
    Domain(
        name="Woodworking",
        area="woodworking tools",
        start=date(2025, 9, 6),
        end=date(2025, 12, 7),
        weight=2.0,
        kinds={"experiment": 8, "read": 1.5, "reflect": 0.5},
        slots={"morning": 0.0, "lunch": 0.0, "evening": 0.2, "weekend": 3.0},
        notes={
            "experiment": [
                "dovetails on pine offcuts",
                "sharpened chisels and plane iron",
                "stool legs, hand-cut tenons",
                "mortise and tenon practice",
                "Danish oil on the cutting board",
                "cutting board glue-up",
            ],
            "read": ["Paul Sellers video, notes", "joinery basics"],
            "reflect": ["shop layout plan", "tool wishlist, budget check"],
        },
        books=[("The Anarchist's Tool Chest ch. {}", 12)],
    ),
    Domain(
        name="UX design",
        area="software interaction design",
        start=date(2025, 11, 3),
        end=None,
        weight=2.0,
        kinds={"read": 3.5, "experiment": 4, "reflect": 2.5},
        slots={"morning": 1.0, "lunch": 0.8, "evening": 1.0, "weekend": 0.8},
        notes={
            "read": [
                "NN/g article on heuristics",
                "case study: onboarding flows",
                "article: accessible colour contrast",
            ],
            "experiment": [
                "Figma wireframes for the habit app",
                "usability test with three colleagues",
                "paper prototype of the settings screen",
                "card sorting exercise",
                "redesigned our CLI help output",
                "heuristic evaluation of the dashboard",
            ],
            "reflect": [
                "synthesised interview notes",
                "design critique notes",
                "affinity map of test findings",
            ],
        },
        books=[("Don't Make Me Think ch. {}", 13), ("The Design of Everyday Things ch. {}", 7)],
    ),
    Domain(
        name="Behavioural economics",
        area="economics",
        start=date(2026, 1, 12),
        end=None,
        weight=1.3,
        kinds={"read": 6, "reflect": 3.5, "experiment": 0.5},
        slots={"morning": 1.5, "lunch": 1.0, "evening": 0.6, "weekend": 0.6},
        notes={
            "read": [
                "paper: prospect theory (1979)",
                "nudge units overview",
                "anchoring studies",
                "paper: present bias and gym memberships",
            ],
            "reflect": [
                "notes on loss aversion",
                "hyperbolic discounting and my habits",
                "summary: mental accounting",
            ],
            "experiment": [
                "simulated present bias in Python",
                "small anchoring survey with friends",
            ],
        },
        books=[("Thinking, Fast and Slow ch. {}", 38), ("Misbehaving ch. {}", 33)],
    ),
    Domain(
        name="Spanish",
        area="mastering languages",
        start=date(2026, 3, 2),
        end=None,
        weight=2.5,
        kinds={"experiment": 5, "read": 2.5, "reflect": 2.5},
        slots={"morning": 0.8, "lunch": 2.2, "evening": 0.8, "weekend": 0.6},
        notes={
            "experiment": [
                "subjunctive drills",
                "italki conversation class",
                "shadowing a podcast",
                "pretérito vs imperfecto drills",
                "tandem with Lucía",
                "ordering tapas, role-play",
                "numbers and dates out loud",
            ],
            "read": ["El País headlines", "vocab list: la cocina", "Coffee Break Spanish notes"],
            "reflect": [
                "Anki review",
                "grammar notes: ser vs estar",
                "journal entry en español",
                "list of errores frecuentes",
            ],
        },
        books=[("graded reader, capítulo {}", 15)],
    ),
]

# Sessions that integrate two domains: (domain, other) -> (weight, notes). Both orders work.
INTEGRATIONS: dict[tuple[str, str], tuple[float, list[str]]] = {
    ("Bayesian statistics", "Cognitive psychology"): (
        3.0,
        [
            "Bayesian models of perception",
            "hierarchical model of reaction times",
            "Bayesian brain paper",
        ],
    ),
    ("Jazz piano", "Bayesian statistics"): (
        2.0,
        ["modelled my practice tempo data", "posterior of my tempo drift"],
    ),
    ("Jazz piano", "Cognitive psychology"): (
        2.0,
        ["chunking in improvisation", "deliberate practice studies vs my piano routine"],
    ),
    ("Behavioural economics", "Bayesian statistics"): (
        1.5,
        ["prospect theory fit in PyMC", "base-rate neglect vs Bayesian updating"],
    ),
    ("Behavioural economics", "Cognitive psychology"): (
        1.5,
        ["heuristics and biases vs dual process"],
    ),
    ("UX design", "Behavioural economics"): (
        1.5,
        ["nudges and dark patterns", "default effects in onboarding"],
    ),
    ("UX design", "Cognitive psychology"): (
        2.0,
        ["cognitive load in long forms", "Hick's law in menu design"],
    ),
    ("UX design", "Bayesian statistics"): (1.0, ["Bayesian A/B test of the onboarding flow"]),
    ("Spanish", "Cognitive psychology"): (
        1.5,
        ["spaced repetition schedule for vocab", "interleaving verb tenses"],
    ),
    ("Spanish", "Jazz piano"): (0.7, ["son montuno rhythms, lyrics in Spanish"]),
}
INTEGRATION_SHARE = 0.08  # of sessions; spread out at random, but kept near the share
NOTE_PROBABILITY = 0.3

# Dreyfus levels: (domain, level, day, note). Rising slowly; Behavioural economics stays flat.
ASSESSMENTS = [
    ("Jazz piano", 2, date(2025, 9, 7), "childhood lessons come back; reads lead sheets slowly"),
    ("Bayesian statistics", 1, date(2025, 9, 7), "knows Bayes' rule, never fitted a model"),
    ("Woodworking", 1, date(2025, 9, 13), "first cuts, nothing square"),
    ("Cognitive psychology", 1, date(2025, 9, 21), "pop science only"),
    ("UX design", 2, date(2025, 11, 9), "has built UIs for years, no research practice"),
    ("Jazz piano", 2, date(2025, 11, 23), "shell voicings fluent in four keys"),
    ("Woodworking", 2, date(2025, 11, 29), "flat, square stock; dovetails still gappy"),
    ("Bayesian statistics", 2, date(2025, 11, 30), "grid approximation and conjugate priors"),
    ("Cognitive psychology", 2, date(2025, 12, 14), "can explain the main memory models"),
    ("Behavioural economics", 2, date(2026, 1, 18), "knows the classic biases from pop books"),
    ("UX design", 2, date(2026, 1, 25), "first usability test, needed a script"),
    ("Jazz piano", 3, date(2026, 2, 28), "can comp standards at medium tempo"),
    ("Bayesian statistics", 2, date(2026, 2, 28), "fits simple models, diagnostics shaky"),
    ("Spanish", 1, date(2026, 3, 8), "A1: greetings, numbers, ordering food"),
    ("Cognitive psychology", 2, date(2026, 3, 22), "reads textbook chapters, not yet papers"),
    ("Behavioural economics", 2, date(2026, 4, 19), "more reading, still no own analysis"),
    ("UX design", 3, date(2026, 4, 26), "plans and runs usability tests alone"),
    ("Jazz piano", 3, date(2026, 5, 31), "rootless voicings in most keys"),
    ("Bayesian statistics", 3, date(2026, 5, 31), "builds and checks hierarchical models"),
    ("Spanish", 2, date(2026, 6, 7), "A2: everyday conversations, slowly"),
    ("Cognitive psychology", 3, date(2026, 6, 28), "reads primary papers critically"),
    ("Behavioural economics", 2, date(2026, 7, 19), "broad but shallow; flat again"),
    ("UX design", 3, date(2026, 7, 26), "synthesis is faster, still too many findings"),
    ("Jazz piano", 3, date(2026, 8, 30), "solo choruses still stiff"),
    ("Bayesian statistics", 3, date(2026, 8, 30), "model comparison with LOO at work"),
    ("Spanish", 2, date(2026, 9, 6), "follows slow podcasts, past tenses mixed up"),
    ("Cognitive psychology", 3, date(2026, 9, 27), "designed a small study with a colleague"),
    (
        "Behavioural economics",
        2,
        date(2026, 10, 25),
        "still advanced beginner; reading, not applying",
    ),
    ("UX design", 4, date(2026, 10, 25), "led a design sprint end to end at work"),
    ("Spanish", 2, date(2026, 11, 15), "tandem talks of 30 minutes, subjunctive shaky"),
    ("Bayesian statistics", 3, date(2026, 11, 22), "taught a lunch-and-learn on priors"),
]


def weighted(rng: random.Random, options: dict[str, float]) -> str:
    names = [name for name, w in options.items() if w > 0]
    return rng.choices(names, weights=[options[n] for n in names])[0]


def minutes_between(rng: random.Random, low: int, high: int) -> int:
    """Mostly round figures, sometimes the exact minutes a timer showed."""
    if rng.random() < 0.25:
        return rng.randint(low, high)
    return 5 * rng.randint(-(-low // 5), high // 5)


# slot -> (earliest start, latest end, minutes drawn)
SLOTS: dict[str, tuple[time, time, Callable[[random.Random], int]]] = {
    "morning": (time(6, 30), time(8, 0), lambda r: minutes_between(r, 25, 60)),
    "lunch": (time(12, 10), time(13, 30), lambda r: minutes_between(r, 15, 35)),
    "evening": (time(19, 0), time(22, 0), lambda r: minutes_between(r, 40, 70)),
    "weekend": (time(9, 30), time(17, 30), lambda r: minutes_between(r, 60, 150)),
    "weekend evening": (time(19, 0), time(22, 0), lambda r: minutes_between(r, 25, 55)),
}
SHORT = (15, 30)  # a second, shorter session on a weekday: a chapter at lunch, drills at dawn


def start_in(rng: random.Random, day: date, slot: str, minutes: int) -> datetime:
    """A local start time on a 5-minute mark that keeps the session inside its slot."""
    earliest, latest, _ = SLOTS[slot]
    first = earliest.hour * 60 + earliest.minute
    last = max(first, latest.hour * 60 + latest.minute - minutes)
    at = first + 5 * rng.randint(0, (last - first) // 5)
    return datetime.combine(day, time(at // 60, at % 60), tzinfo=TZ)


class Generator:
    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.started: set[str] = set()
        self.integration_due = 0.0

    def domain_for(self, day: date, slot: str) -> tuple[Domain, bool]:
        """The domain of a session, and whether the session opens it (its first one)."""
        for d in DOMAINS:  # the first session after a domain's start date opens it
            if d.active_on(day) and d.name not in self.started:
                self.started.add(d.name)
                return d, True
        kind_of_slot = "weekend" if slot.startswith("weekend") else slot
        options = {
            d.name: d.weight_on(day) * d.slots[kind_of_slot] for d in DOMAINS if d.active_on(day)
        }
        name = weighted(self.rng, options)
        return next(d for d in DOMAINS if d.name == name), False

    def read_on(self, domain: Domain) -> None:
        """A reading session moves through the domain's books, a chapter every few sessions."""
        if not domain.books or self.rng.random() >= 0.4:
            return
        domain.chapter += 1
        if domain.chapter > domain.books[domain.book][1]:
            domain.book = (domain.book + 1) % len(domain.books)
            domain.chapter = 1

    def note(self, domain: Domain, kind: str) -> str:
        if kind == "read" and domain.books and self.rng.random() < 0.6:
            return domain.books[domain.book][0].format(max(1, domain.chapter))
        return self.rng.choice(domain.notes[kind])

    def partners(self, domain: Domain, day: date) -> list[tuple[str, float, list[str]]]:
        found = []
        for (a, b), (weight, notes) in INTEGRATIONS.items():
            other = b if a == domain.name else a if b == domain.name else None
            if other is not None and next(d for d in DOMAINS if d.name == other).active_on(day):
                found.append((other, weight, notes))
        return found

    def session(self, day: date, slot: str, short: bool = False) -> Record:
        domain, opens = self.domain_for(day, slot)
        minutes = minutes_between(self.rng, *SHORT) if short else SLOTS[slot][2](self.rng)
        kind_weights = dict(domain.kinds)
        if slot in ("morning", "lunch"):  # mornings and lunch breaks are for reading
            kind_weights["read"] = kind_weights.get("read", 0) * 1.6
        kind = weighted(self.rng, kind_weights)
        if kind == "read":
            self.read_on(domain)
        started = start_in(self.rng, day, slot, minutes)
        with_: list[str] = []
        note = None
        partners = self.partners(domain, day)
        if partners:
            self.integration_due += INTEGRATION_SHARE
        if partners and self.integration_due >= 1 and self.rng.random() < 0.3:
            self.integration_due -= 1
            names = [p[0] for p in partners]
            other = self.rng.choices(names, weights=[p[1] for p in partners])[0]
            with_.append(other)
            if len(partners) > 1 and self.rng.random() < 0.08:  # now and then a third domain
                with_.append(self.rng.choice([n for n in names if n != other]))
            if self.rng.random() < 0.7:
                note = self.rng.choice(next(p[2] for p in partners if p[0] == other))
        elif self.rng.random() < NOTE_PROBABILITY:
            note = self.note(domain, kind)
        return {
            "started_at": started.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "minutes": minutes,
            "domain": domain.name,
            "kind": kind,
            "note": note,
            "with": with_,
            "_local": started,  # dropped before writing
            "_slot": slot,
            "_opens": opens,
        }

    def day_plan(self, day: date, busy: bool) -> list[tuple[str, bool]]:
        """The slots Maya uses on a day, each with whether it is a short extra session."""
        rng = self.rng
        if day.weekday() < 5:
            if rng.random() < (0.3 if busy else 0.07):
                return []
            main = "evening" if rng.random() < 0.62 else "morning"
            slots = [(main, False)]
            others = [s for s in ("morning", "lunch", "evening") if s != main]
            rng.shuffle(others)
            if rng.random() < (0.5 if busy else 0.9):
                slots.append((others[0], True))
                if rng.random() < 0.35:
                    slots.append((others[1], True))
            return slots
        slots = []
        if rng.random() < (0.3 if busy else 0.55):
            slots.append(("weekend", False))
        if rng.random() < 0.55:
            slots.append(("weekend evening", False))
        return slots

    def week(self, monday: date, plan: str) -> list[Record]:
        """A week's sessions. ``plan`` is "meet" (top up to the target), "miss" (a busy week,
        trimmed below the target) or "as is" (an ordinary week cut short by illness)."""
        days = [
            monday + timedelta(days=i)
            for i in range(7)
            if monday + timedelta(days=i) <= LAST_DAY
            and not ILLNESS[0] <= monday + timedelta(days=i) <= ILLNESS[1]
            and monday + timedelta(days=i) not in MISSED_DAYS
        ]
        sessions = [
            self.session(day, slot, short)
            for day in days
            for slot, short in self.day_plan(day, busy=plan == "miss")
        ]
        total = sum(s["minutes"] for s in sessions)
        if plan == "meet":
            while total < TARGET:  # make up the shortfall in a free slot
                free = [
                    (day, slot)
                    for day in days
                    for slot in (
                        ("morning", "lunch", "evening")
                        if day.weekday() < 5
                        else ("weekend", "weekend evening")
                    )
                    if all(s["_local"].date() != day or s["_slot"] != slot for s in sessions)
                ]
                if not free:
                    break
                extra = self.session(*self.rng.choice(free))
                sessions.append(extra)
                total += extra["minutes"]
        elif plan == "miss":
            goal = self.rng.randint(TARGET // 2, TARGET - 10)
            while total > goal:  # a busy week: fewer sessions than planned
                droppable = [i for i, s in enumerate(sessions) if not s["_opens"]]
                if not droppable:
                    break
                dropped = sessions.pop(self.rng.choice(droppable))
                total -= dropped["minutes"]
        return sessions

    def sessions(self) -> list[Record]:
        rest = {label for label, _ in REST_WEEKS}
        out: list[Record] = []
        monday = FIRST_DAY - timedelta(days=FIRST_DAY.weekday())
        while monday <= LAST_DAY:
            iso = monday.isocalendar()
            label = f"{iso.year}-W{iso.week:02d}"
            meet = monday >= FORCED_MEET_FROM or self.rng.random() >= MISS_PROBABILITY
            plan = "meet" if meet else "miss"
            if monday <= ILLNESS[1] and ILLNESS[0] <= monday + timedelta(days=6):
                plan = "as is"  # no catching up around the flu
            if label not in rest:
                out.extend(self.week(monday, plan))
            monday += timedelta(days=7)
        out.sort(key=lambda s: s["started_at"])
        for s in out:
            del s["_local"], s["_slot"], s["_opens"]
        return out


def build(seed: int = SEED) -> Record:
    for domain in DOMAINS:  # reading progress lives on the domains; start afresh
        domain.chapter = domain.book = 0
    sessions = Generator(seed).sessions()
    return {
        "format": "polymath",
        "version": 1,
        "domains": [{"name": d.name, "area": d.area, "archived": d.archived} for d in DOMAINS],
        "sessions": sessions,
        "assessments": [
            {"domain": name, "level": level, "on": day.isoformat(), "note": note}
            for name, level, day, note in sorted(ASSESSMENTS, key=lambda a: (a[2], a[0]))
        ],
        "rest_weeks": [{"week": week, "note": note} for week, note in REST_WEEKS],
    }


def render(seed: int = SEED) -> str:
    return json.dumps(build(seed), indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the file at --out differs from the output"
    )
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        try:
            current = args.out.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = None
        if current != text:
            print(f"{args.out} is out of date: run scripts/make_sample_data.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
