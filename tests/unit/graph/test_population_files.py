"""Hostile population files: any line ending, safe messages, stated limits, and a fuzz test.

Whatever the bytes, reading a population gives a population or one of our one-line errors.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polymath.core.errors import ImportFailed, PolymathError
from polymath.core.text import unsafe
from polymath.graph.popfile import PopulationFile
from polymath.graph.population import (
    MAX_DOMAINS,
    MAX_PAIR_WORK,
    PopulationStats,
    load_population_stats,
    read_population,
    read_population_csv,
)

WriteFile = Callable[..., Path]


def _safe_line(message: str) -> None:
    assert "\n" not in message and "\r" not in message
    assert not any(unsafe(ch) for ch in message), repr(message)


def test_bare_cr_line_endings_read_like_any_other(write_file: WriteFile) -> None:
    path = write_file("unit,domain\rann,music\rann,maths\rbob,music\r")
    stats = PopulationStats.from_units(read_population(path))
    assert (stats.n_units, stats.count("music"), stats.observed("maths", "music")) == (2, 2, 1)


def test_a_cr_inside_the_header_is_a_clear_error(write_file: WriteFile) -> None:
    path = write_file("unit,dom\rain\nann,music\n")
    with pytest.raises(ImportFailed) as excinfo:
        read_population(path)
    _safe_line(str(excinfo.value))
    assert "missing column 'domain'" in str(excinfo.value)


def test_messages_never_echo_escape_sequences(write_file: WriteFile) -> None:
    path = write_file("unit,\x1b[31mdomain\x1b[0m\nann,music\n", name="e\x1bvil.csv")
    with pytest.raises(ImportFailed) as excinfo:
        read_population_csv(path)
    _safe_line(str(excinfo.value))
    assert "\u241b" in str(excinfo.value)  # ESC shown as its control picture


def test_names_with_control_characters_are_refused(write_file: WriteFile) -> None:
    path = write_file("unit,domain\nann,mu\u202esic\n")
    with pytest.raises(ImportFailed, match=r"line 2: domain .* direction mark") as excinfo:
        read_population_csv(path)
    _safe_line(str(excinfo.value))


def test_an_oversized_field_is_an_error_not_a_crash(write_file: WriteFile) -> None:
    path = write_file("unit,domain\nann," + "x" * 200_000 + "\n")
    with pytest.raises(ImportFailed) as excinfo:
        read_population_csv(path)
    _safe_line(str(excinfo.value))


def test_too_many_domains_are_refused_before_any_matrix(write_file: WriteFile) -> None:
    rows = "".join(f"u{i % 50},d{i}\n" for i in range(MAX_DOMAINS + 1))
    path = write_file("unit,domain\n" + rows)
    with pytest.raises(ImportFailed, match=f"at most {MAX_DOMAINS:,}"):
        read_population_csv(path)


def test_units_using_too_many_domains_each_are_refused(write_file: WriteFile) -> None:
    width = int(MAX_PAIR_WORK**0.5) + 1
    path = write_file("unit,domain\n" + "".join(f"big,d{i}\n" for i in range(width)))
    with pytest.raises(ImportFailed, match="unit-level pairs"):
        read_population_csv(path)


def test_a_wide_weighted_file_stays_small_in_memory_and_on_disk(
    write_file: WriteFile, tmp_path: Path
) -> None:
    # 6,600 units rating some of 3,000 domains: once a 1.25 GB dense correlation and 36 MB
    lines = [
        f"u{u},d{(u * 7 + k * 131) % 3000},{3 + (u + k) % 3}" for u in range(6600) for k in range(2)
    ]
    path = write_file("unit,domain,weight\n" + "\n".join(lines) + "\n")
    stats = PopulationStats.from_units(read_population_csv(path), keep_membership=True)
    assert stats.correlation_method == "phi"
    assert stats.correlations is None
    saved = tmp_path / "wide.pop"
    stats.save(saved)
    assert saved.stat().st_size < 200_000
    again = load_population_stats(saved)
    assert again.areas == stats.areas
    a, b = stats.areas[0], stats.areas[1]
    assert (again.observed(a, b), again.pair(a, b).z) == (stats.observed(a, b), stats.pair(a, b).z)
    assert again.correlation(a, b) == pytest.approx(stats.correlation(a, b), abs=1e-6)


def test_membership_form_answers_like_the_pairs_form(write_file: WriteFile) -> None:
    path = write_file("unit,domain\nann,music\nann,maths\nbob,music\ncat,maths\ncat,music\n")
    population = read_population_csv(path)
    compact = PopulationStats.from_units(population, keep_membership=True)
    listed = PopulationStats.from_units(population, keep_membership=False)
    for a in compact.areas:
        for b in compact.areas:
            assert compact.pair(a, b) == listed.pair(a, b)
    assert compact.observed_row("music").tolist() == listed.observed_row("music").tolist()
    indptr, areas, observed = compact.pair_rows
    maths = compact.index_of("maths")
    row = areas[indptr[maths] : indptr[maths + 1]].tolist()
    assert row == [compact.index_of("music")]
    assert observed[indptr[maths] : indptr[maths + 1]].tolist() == [2]
    assert compact.units_using(["maths", "music"]) == ["ann", "cat"]
    assert listed.units_using(["maths", "music"]) == []  # the pairs form names no units


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pairs_and_shrinkage_in_blocks_equal_the_whole_computation(seed: int) -> None:
    import numpy as np

    from polymath.graph.atypicality import cooccurrence, phi_shrinkage_intensity
    from polymath.graph.population import Membership, synthetic_population

    population = synthetic_population(300, seed=seed, domains_per_unit=6)
    membership = Membership.from_sparse(population.uses)
    blocks = list(membership.pair_blocks(max_cells=500))
    assert len(blocks) > 10
    i, j, o = (np.concatenate([b[k] for b in blocks]) for k in range(3))
    counts, observed = cooccurrence(population.uses)
    dense = observed.toarray()
    upper = np.triu(dense, k=1)
    assert len(o) == np.count_nonzero(upper)
    assert (dense[i, j] == o).all() and (i < j).all()
    assert (np.diff(i * 300 + j) > 0).all()  # ordered by (i, j)
    whole = phi_shrinkage_intensity(counts, i, j, o, population.n_units)
    assert membership.phi_shrinkage() == pytest.approx(whole, rel=1e-12)


def test_a_population_file_with_a_broken_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.pop"
    path.write_bytes(b"POLYMATH POPULATION\n" + b"\xff" * 8 + b"junk")
    with pytest.raises(ImportFailed):
        PopulationFile(path)
    path.write_bytes(b"POLYMATH POPULATION\n" + (4).to_bytes(8, "little") + b"[1]x")
    with pytest.raises(ImportFailed):
        load_population_stats(path)


_FIELD = st.text(
    alphabet=st.sampled_from(
        ["a", "b", "\u00e9", ",", '"', "\r", "\n", "\t", "\x1b", "\x00", "\u202e", " ", "3"]
    ),
    max_size=6,
) | st.just("x" * 140_000)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    header=st.sampled_from(
        [b"unit,domain", b"unit,domain,weight", b"\xef\xbb\xbfunit,domain", b"unit\rdomain", b""]
    ),
    fields=st.lists(st.lists(_FIELD, min_size=1, max_size=4), max_size=8),
    ending=st.sampled_from([b"\n", b"\r\n", b"\r"]),
    junk=st.binary(max_size=8) | st.just(b"\xed\xa0\x80"),
)
def test_whatever_the_bytes_a_population_or_one_line_error(
    write_file: WriteFile,
    header: bytes,
    fields: list[list[str]],
    ending: bytes,
    junk: bytes,
) -> None:
    body = ending.join(",".join(row).encode("utf-8") for row in fields)
    path = write_file(header + ending + body + junk)
    try:
        population = read_population(path)
    except PolymathError as error:
        _safe_line(str(error))
        return
    stats = PopulationStats.from_units(population, keep_membership=True)
    assert stats.n_units == len(population.units) >= 1
    assert PopulationStats.from_json(stats.to_json()).areas == stats.areas


def test_populations_by_name_shipped_and_loaded(write_file: WriteFile, tmp_path: Path) -> None:
    from polymath.core.errors import NotFound
    from polymath.graph.population import (
        loaded_names,
        population_area_names,
        population_by_name,
    )

    assert population_by_name("onet").n_units == 968
    assert population_by_name("esco").n_units == 3_007
    essential = population_by_name("esco-essential")
    assert essential.areas == population_by_name("esco").areas
    assert population_area_names("esco") == list(essential.areas)
    folder = tmp_path / "populations"
    folder.mkdir()
    path = write_file("unit,domain\nann,music\nann,maths\nbob,music\n")
    stats = PopulationStats.from_units(read_population_csv(path), keep_membership=True)
    stats.save(folder / "guild.pop")
    stats.save(folder / "older.json")
    assert loaded_names(folder) == ["guild", "older"]
    for name in ("guild", "older"):
        assert population_by_name(name, folder).observed("maths", "music") == 1
        assert population_area_names(name, folder) == ["maths", "music"]
    with pytest.raises(NotFound, match="known: esco, esco-essential, onet, guild, older"):
        population_by_name("nowhere", folder)
