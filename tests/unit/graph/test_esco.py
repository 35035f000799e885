"""ESCO as a population: the figures of the raw packages, pairs against a plain count, the rebuild.

The independent count below reads the raw relation and hierarchy files with nothing but ``csv``
and sets, separately from the build script and the product code.
"""

from __future__ import annotations

import csv
import io
import math
import subprocess
import sys
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from polymath.graph.area_lookup import example_units, search_areas
from polymath.graph.esco import ESCO_ATTRIBUTION, esco_catalogue, esco_population
from polymath.graph.population import PopulationStats, shipped_path

ESCO_DIR = Path(__file__).resolve().parents[3] / "data" / "raw" / "esco"
CLASSIFICATION = ESCO_DIR / "esco-v1.1.1-classification-en-csv.zip"
RELATIONS = ESCO_DIR / "esco-v1.1.1-relations-csv.zip"
URI = "http://data.europa.eu/esco/"
MUSIC_GROUP = URI + "isced-f/0215"  # music and performing arts
STATISTICS = URI + "skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833"
PLAY_INSTRUMENTS = URI + "skill/8f8a8803-dc72-4488-9991-7c7d373e01fa"
PLAY_PIANO = URI + "skill/2e059433-c3a0-409a-a139-4b4e087ed366"


# ---------------------------------------------------------------------------- a plain count


def _rows(archive: Path, member: str) -> Iterator[dict[str, str]]:
    with zipfile.ZipFile(archive) as package, package.open(member) as raw:
        yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))


@dataclass
class PlainCount:
    occupations: set[str]
    users: dict[str, set[str]]
    children: dict[str, set[str]]
    rows: int
    essential_rows: int
    missing_rows: int
    essential_users: dict[str, set[str]]
    groups: set[str]

    def of(self, uri: str, *, essential: bool = False) -> set[str]:
        """Occupations using a skill, or for a group any skill below it."""
        users = self.essential_users if essential else self.users
        found = set(users.get(uri, set()))
        stack, seen = [uri], {uri}
        while stack:
            for child in self.children.get(stack.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
                    found |= users.get(child, set())
        return found

    def of_skill(self, uri: str) -> set[str]:
        return set(self.users.get(uri, set()))

    def using(self, uri: str) -> set[str]:
        """A skill's own occupations; a group's through everything below it."""
        return self.of(uri) if uri in self.groups else self.of_skill(uri)


@pytest.fixture(scope="module")
def plain() -> PlainCount:
    occupations = {row["conceptUri"] for row in _rows(CLASSIFICATION, "occupations_en.csv")}
    users: dict[str, set[str]] = defaultdict(set)
    essential_users: dict[str, set[str]] = defaultdict(set)
    rows = essential = missing = 0
    for row in _rows(RELATIONS, "occupationSkillRelations.csv"):
        rows += 1
        essential += row["relationType"] == "essential"
        if row["occupationUri"] not in occupations:
            missing += 1
            continue
        users[row["skillUri"]].add(row["occupationUri"])
        if row["relationType"] == "essential":
            essential_users[row["skillUri"]].add(row["occupationUri"])
    children: dict[str, set[str]] = defaultdict(set)
    for row in _rows(RELATIONS, "broaderRelationsSkillPillar.csv"):
        children[row["broaderUri"]].add(row["conceptUri"])
    groups = {row["conceptUri"] for row in _rows(CLASSIFICATION, "skillGroups_en.csv")}
    return PlainCount(
        occupations, users, children, rows, essential, missing, essential_users, groups
    )


# ---------------------------------------------------------------------------- figures


def test_the_packages_hold_the_documented_figures(plain: PlainCount) -> None:
    assert len(plain.occupations) == 3_007
    assert plain.rows == 123_855
    assert (plain.essential_rows, plain.rows - plain.essential_rows) == (64_946, 58_909)
    assert plain.missing_rows == 67
    skills = [uri for uri in plain.users if "/skill/" in uri]
    assert sum(len(plain.users[uri]) >= 5 for uri in skills) == 5_483


def test_build_reports_and_drops_the_relations_to_missing_occupations(esco_build: Any) -> None:
    report = "\n".join(esco_build.report)
    assert "DROPPED 67 relation rows that point at an occupation missing" in report
    assert "13,896 skills" in report
    assert "64,946 essential, 58,909 optional" in report
    assert "542 skill groups used (501 by >= 20)" in report
    assert "5,483 skills used by >= 5 occupations" in report


def test_areas_are_the_supported_skills_and_groups(esco_stats: PopulationStats) -> None:
    catalogue = esco_catalogue()
    kinds = [catalogue.concept(c).kind for c in catalogue.area_concepts]
    assert sum(kind != "group" for kind in kinds) == 5_483
    assert 400 < sum(kind == "group" for kind in kinds) < 542  # roots and repeats dropped
    assert esco_stats.n_units == 3_007
    assert int(esco_stats.counts.min()) >= 5
    assert len(set(esco_stats.areas)) == len(esco_stats.areas)
    assert "skills" not in esco_stats.areas  # a root of the hierarchy says nothing


def test_rare_skills_and_their_broader_skill(
    plain: PlainCount, esco_stats: PopulationStats
) -> None:
    assert len(plain.of_skill(PLAY_PIANO)) == 2
    assert len(plain.of_skill(PLAY_INSTRUMENTS)) == 26
    assert esco_catalogue().by_uri(PLAY_PIANO).area is None
    assert esco_stats.count("play musical instruments") == 26


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("music and performing arts", "statistics"),
        ("music and performing arts", "statistics (knowledge)"),
        ("play musical instruments", "statistics (knowledge)"),
        ("law", "contract law"),
        ("psychology (knowledge)", "mechanical engineering"),
        ("promoting, selling and purchasing", "journalism and reporting"),
    ],
)
def test_pair_figures_equal_a_plain_count_of_the_raw_relations(
    plain: PlainCount, esco_stats: PopulationStats, first: str, second: str
) -> None:
    catalogue = esco_catalogue()
    a, b = (plain.using(_uri(catalogue, name)) for name in (first, second))
    n = len(plain.occupations)
    pair = esco_stats.pair(first, second)
    assert (pair.n_a, pair.n_b, pair.observed, pair.n_units) == (len(a), len(b), len(a & b), n)
    expected = len(a) * len(b) / n
    variance = len(a) * len(b) * (n - len(a)) * (n - len(b)) / (n * n * (n - 1))
    assert pair.expected == pytest.approx(expected)
    assert pair.z == pytest.approx((len(a & b) - expected) / math.sqrt(variance))


def _uri(catalogue: Any, area: str) -> str:
    concept = catalogue.by_area(area)
    assert concept is not None
    return str(concept.uri)


def test_music_and_statistics_are_rare_together(esco_stats: PopulationStats) -> None:
    groups = esco_stats.pair("music and performing arts", "statistics")
    assert (groups.n_a, groups.n_b, groups.observed) == (102, 257, 1)
    assert groups.expected == pytest.approx(8.72, abs=0.005)
    assert groups.lift == pytest.approx(0.11, abs=0.005)
    concept = esco_stats.pair("music and performing arts", "statistics (knowledge)")
    assert (concept.n_b, concept.observed) == (112, 1)
    assert concept.expected == pytest.approx(3.8, abs=0.05)
    assert concept.lift == pytest.approx(0.26, abs=0.005)
    assert groups.null_z is not None and groups.null_z < 0  # the null covers group pairs
    assert concept.null_z is None  # and not single skills


def test_single_skills_are_too_sparse_to_carry_evidence(esco_stats: PopulationStats) -> None:
    pair = esco_stats.pair("play musical instruments", "statistics (knowledge)")
    assert pair.observed == 1
    assert pair.expected == pytest.approx(1.0, abs=0.05)


def test_the_group_null_is_centred_like_uzzis(esco_stats: PopulationStats) -> None:
    import numpy as np

    assert esco_stats.null is not None
    z = esco_stats.null.z[np.triu_indices(esco_stats.null.z.shape[0], k=1)]
    assert abs(float(np.mean(z))) < 0.3
    assert float(np.median(z)) < 0


def test_essential_only_counts_essential_relations(plain: PlainCount) -> None:
    essential = esco_population(essential_only=True)
    everything = esco_population()
    assert essential.areas == everything.areas
    assert essential.count("play musical instruments") == len(
        plain.essential_users[PLAY_INSTRUMENTS]
    )
    assert essential.count("music and performing arts") == len(
        plain.of(MUSIC_GROUP, essential=True)
    )
    assert essential.count("music and performing arts") < everything.count(
        "music and performing arts"
    )


def test_shipped_file_is_rebuilt_byte_for_byte(
    esco_script: Any, esco_build: Any, tmp_path: Path
) -> None:
    out = tmp_path / "esco.pop"
    esco_script.write(esco_build, out)
    assert out.read_bytes() == shipped_path("esco").read_bytes()


def test_shipped_file_stays_small_and_carries_no_descriptions() -> None:
    size = shipped_path("esco").stat().st_size
    assert size < 8 * 2**20
    assert b"Assign and manage staff tasks" not in shipped_path("esco").read_bytes()


def test_attribution_names_the_commission_and_the_version(esco_stats: PopulationStats) -> None:
    assert "European Commission" in ESCO_ATTRIBUTION
    assert "ESCO v1.1.1" in ESCO_ATTRIBUTION
    assert esco_stats.source["attribution"] == ESCO_ATTRIBUTION


# ---------------------------------------------------------------------------- the v1.2 spelling


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as package:
        for name, text in members.items():
            package.writestr(name, text)
    return path


def test_v12_relation_files_with_the_en_suffix_and_reordered_columns(
    esco_script: Any, tmp_path: Path
) -> None:
    script = esco_script
    classification = _zip(
        tmp_path / "classification.zip",
        {
            "occupations_en.csv": "conceptUri,preferredLabel\n"
            'o1,"singer, lead"\no2,"data\nanalyst"\n',
            "skills_en.csv": "preferredLabel,conceptUri,skillType,altLabels\n"
            'sing,s1,skill/competence,"vocalise\nsing"\n'
            "statistics,s2,knowledge,\n",
            "skillGroups_en.csv": "conceptUri,preferredLabel,altLabels\ng1,arts,\n",
        },
    )
    relations = _zip(
        tmp_path / "relations.zip",
        {
            "v1.2/occupationSkillRelations_en.csv": "skillUri,relationType,occupationUri,x\n"
            "s1,essential,o1,\ns2,optional,o2,\ns1,optional,o2,\ns2,essential,o9,\n",
            "v1.2/broaderRelationsSkillPillar_en.csv": "broaderUri,conceptUri\ng1,s1\n",
        },
    )
    packages = script.read_packages(classification, relations)
    assert packages.occupations == {"o1": "singer, lead", "o2": "data analyst"}
    assert packages.dropped["occupation"] == 1
    assert packages.concepts["s1"] == ("sing", "skill", ["vocalise"])
    assert sorted(packages.relations) == [
        ("o1", "s1", True),
        ("o2", "s1", False),
        ("o2", "s2", False),
    ]
    assert packages.broader == [("s1", "g1")]


def test_a_package_without_a_needed_column_stops_the_build(
    esco_script: Any, tmp_path: Path
) -> None:
    script = esco_script
    package = _zip(tmp_path / "c.zip", {"occupations_en.csv": "uri,label\no1,x\n"})
    with zipfile.ZipFile(package) as archive, pytest.raises(SystemExit, match="conceptUri"):
        list(script.read_table(archive, ["occupations_en.csv"], ["conceptUri"]))


# ---------------------------------------------------------------------------- lookups


def test_area_search_pages_through_music(esco_stats: PopulationStats) -> None:
    first = search_areas(esco_stats, "music", limit=5)
    assert first.hits[0].area == "music and performing arts"
    assert first.total > 5 and first.has_more
    second = search_areas(esco_stats, "music", offset=5, limit=5)
    assert not {h.area for h in first.hits} & {h.area for h in second.hits}
    assert all("music" in h.area.casefold() for h in first.hits + second.hits)
    assert search_areas(esco_stats, "no such thing at all").total == 0
    assert search_areas(esco_stats).total == len(esco_stats.areas)


def test_example_occupations_combine_the_skills(
    plain: PlainCount, esco_stats: PopulationStats
) -> None:
    areas = ["music and performing arts", "promoting, selling and purchasing"]
    examples = example_units(esco_stats, areas)
    assert len(examples) == 3
    labels = {
        row["conceptUri"]: row["preferredLabel"]
        for row in _rows(CLASSIFICATION, "occupations_en.csv")
    }
    selling = _uri(esco_catalogue(), "promoting, selling and purchasing")
    both = plain.of(MUSIC_GROUP) & plain.of(selling)
    assert {labels[uri] for uri in both} >= set(examples)


def test_examples_fall_back_to_pairs_when_nobody_combines_all(
    esco_stats: PopulationStats,
) -> None:
    areas = ["play musical instruments", "statistics (knowledge)", "contract law"]
    assert esco_stats.units_using(areas) == []
    examples = example_units(esco_stats, areas)
    assert examples
    for name in examples:
        assert name in esco_stats.units_using(areas[:2]) + esco_stats.units_using(
            areas[1:]
        ) + esco_stats.units_using([areas[0], areas[2]])


def test_a_skill_and_a_group_above_it_are_nested(esco_stats: PopulationStats) -> None:
    catalogue = esco_catalogue()
    group = "performing artistic or cultural activities"
    assert catalogue.nested("play musical instruments", group)
    assert catalogue.nested(group, "play musical instruments")
    assert not catalogue.nested("play musical instruments", "music and performing arts")
    inside = esco_stats.pair("play musical instruments", group)
    assert inside.observed == inside.n_a  # every user of the skill uses its group


def test_area_names_and_pairs_load_without_scipy() -> None:
    code = (
        "import sys\n"
        "from polymath.graph.shipped import shipped_area_names\n"
        "names = shipped_area_names('esco')\n"
        "assert 'numpy' not in sys.modules, 'numpy'\n"
        "from polymath.graph.population import shipped_population\n"
        "stats = shipped_population('esco')\n"
        "stats.pair('music and performing arts', 'statistics')\n"
        "stats.count('law')\n"
        "assert not [m for m in sys.modules if m.startswith('scipy')], 'scipy'\n"
        "print(len(names))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(len(esco_population().areas))
