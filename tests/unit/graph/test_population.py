"""Reading population files, and the statistics that survive of them."""

from __future__ import annotations

import importlib.util
import json
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from polymath.core.errors import ImportFailed, NotFound
from polymath.graph.population import (
    MAX_FILE_BYTES,
    Population,
    PopulationStats,
    load_population_stats,
    population_from_memberships,
    read_onet_csv,
    read_population,
    read_population_csv,
    shipped_area_names,
    shipped_path,
)

REPO_ROOT = Path(__file__).resolve().parents[3]
WriteFile = Callable[..., Path]


def one_line_error(excinfo: pytest.ExceptionInfo[ImportFailed]) -> str:
    message = str(excinfo.value)
    assert "\n" not in message
    return message


# ---------------------------------------------------------------------------- good files


def test_unit_domain_rows_give_units_counts_and_pairs(write_file: WriteFile) -> None:
    path = write_file("unit,domain\nann,music\nann,maths\nbob,music\ncat,maths\ncat,music\n")
    stats = PopulationStats.from_units(read_population_csv(path))
    assert stats.n_units == 3
    assert stats.areas == ("maths", "music")
    assert stats.count("music") == 3
    assert stats.count("maths") == 2
    assert stats.observed("maths", "music") == 2


def test_weights_below_the_threshold_are_not_used_but_the_unit_still_counts(
    write_file: WriteFile,
) -> None:
    path = write_file(
        "unit,domain,weight\nann,music,4\nann,maths,3.0\nbob,music,2.9\nbob,maths,1\n"
    )
    population = read_population_csv(path)
    stats = PopulationStats.from_units(population)
    assert stats.n_units == 2
    assert stats.count("music") == 1
    assert stats.count("maths") == 1
    assert population.threshold == 3.0
    assert (
        stats.count("music")
        == PopulationStats.from_units(read_population_csv(path, threshold=2.5)).count("music") - 1
    )


def test_header_is_case_insensitive_in_any_order_and_blank_lines_are_skipped(
    write_file: WriteFile,
) -> None:
    path = write_file(" Domain , UNIT \r\nmusic,ann\r\n\r\nmaths,ann\r\n")
    population = read_population_csv(path)
    assert population.units == ("ann",)
    assert population.domains == ("maths", "music")


def test_repeated_unweighted_rows_count_once(write_file: WriteFile) -> None:
    path = write_file("unit,domain\nann,music\nann,music\n")
    assert PopulationStats.from_units(read_population_csv(path)).count("music") == 1


def test_onet_layout_with_bom_and_crlf(write_file: WriteFile) -> None:
    text = (
        "\ufeffO*NET-SOC Code,Element Name,Data Value\r\n"
        "11-1011.00,Clerical,2.66\r\n11-1011.00,Psychology,3.7\r\n"
        "11-2011.00,Psychology,4.1\r\n11-2011.00,Clerical,3\r\n"
    )
    path = write_file(text)
    population = read_onet_csv(path)
    assert population.unit_label == "occupations"
    stats = PopulationStats.from_units(population)
    assert stats.count("Psychology") == 2
    assert stats.count("Clerical") == 1
    assert read_population(path).domains == population.domains


def test_full_onet_file_keeps_only_importance_rows(write_file: WriteFile) -> None:
    path = write_file(
        "O*NET-SOC Code\tElement ID\tElement Name\tScale ID\tData Value\n"
        "11-1011.00\t2.C.1.a\tClerical\tIM\t2.5\n"
        "11-1011.00\t2.C.1.a\tClerical\tLV\t4.5\n"
        "11-1011.00\t2.C.4.a\tPsychology\tIM\t3.5\n"
    )
    stats = PopulationStats.from_units(read_population(path))
    assert stats.count("Psychology") == 1
    assert stats.count("Clerical") == 0


def test_memberships_in_memory() -> None:
    population = population_from_memberships({"a": ["x", "y"], "b": ["y"]})
    assert isinstance(population, Population)
    assert PopulationStats.from_units(population).observed("x", "y") == 1


# ---------------------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "is empty"),
        ("unit,domain\n", "no rows"),
        ("unit,area\nann,music\n", "missing column 'domain'"),
        ("unit,domain,colour\nann,music,red\n", "unexpected column 'colour'"),
        ("unit,domain,domain\nann,music,maths\n", "appears twice"),
        ("unit,domain\nann,music\n,maths\n", "line 3: empty unit"),
        ("unit,domain\nann,music\nbob,  \n", "line 3: empty domain"),
        ("unit,domain,weight\nann,music,high\n", "line 2: weight 'high' is not a number"),
        ("unit,domain,weight\nann,music,nan\n", "line 2: weight 'nan' is not a number"),
        ("unit,domain,weight\nann,music\n", "line 2: expected 3 fields, found 2"),
        ("unit,domain,weight\nann,music,4\nann,music,5\n", "twice (first on line 2)"),
        ("unit,domain,weight\nann,music,1\nbob,maths,2\n", "no unit uses any domain"),
        ("just some text\nwithout a header\n", "missing column 'unit'"),
    ],
)
def test_bad_files_fail_with_one_clear_line(
    write_file: WriteFile, content: str, expected: str
) -> None:
    path = write_file(content)
    with pytest.raises(ImportFailed) as excinfo:
        read_population_csv(path)
    assert expected in one_line_error(excinfo)


def test_onet_file_without_its_columns_is_refused(write_file: WriteFile) -> None:
    path = write_file("O*NET-SOC Code,Element Name\n11-1011.00,Clerical\n")
    with pytest.raises(ImportFailed) as excinfo:
        read_onet_csv(path)
    assert "missing column 'data value'" in one_line_error(excinfo)


def test_binary_file_is_refused(write_file: WriteFile) -> None:
    path = write_file(bytes(range(256)) * 100, name="photo.csv")
    with pytest.raises(ImportFailed) as excinfo:
        read_population(path)
    assert "binary" in one_line_error(excinfo)


def test_non_utf8_file_is_refused(write_file: WriteFile) -> None:
    path = write_file("unit,domain\nann,m\u00fasica\n".encode("latin-1"))
    with pytest.raises(ImportFailed) as excinfo:
        read_population_csv(path)
    assert "not UTF-8" in one_line_error(excinfo)


def test_200_mb_of_junk_fails_fast_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    with path.open("wb") as handle:
        handle.write(b"unit,domain\n")
        handle.truncate(200 * 1024 * 1024)  # sparse: costs no disk and no reading
    started = time.perf_counter()
    with pytest.raises(ImportFailed) as excinfo:
        read_population(path)
    assert time.perf_counter() - started < 1.0
    assert f"at most {MAX_FILE_BYTES // 2**20} MB" in one_line_error(excinfo)


def test_junk_without_a_header_line_fails_on_the_first_line(tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(b"x" * (5 * 1024 * 1024))
    started = time.perf_counter()
    with pytest.raises(ImportFailed) as excinfo:
        read_population(path)
    assert time.perf_counter() - started < 1.0
    assert "header" in one_line_error(excinfo)


def test_a_header_followed_by_binary_junk_fails_at_the_first_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(b"unit,domain\nann,music\n" + bytes(range(256)) * 40_000)
    with pytest.raises(ImportFailed) as excinfo:
        read_population(path)
    assert "junk.csv" in one_line_error(excinfo)


def test_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        read_population(tmp_path / "nowhere.csv")


# ---------------------------------------------------------------------------- the O*NET file


def test_onet_reference_counts(onet_population: Population) -> None:
    stats = PopulationStats.from_units(onet_population)
    assert stats.n_units == 968
    assert len(stats.areas) == 33
    assert stats.count("English Language") == 827
    assert stats.count("Foreign Language") == 10


# ---------------------------------------------------------------------------- statistics as JSON


def test_statistics_round_trip_through_json(tmp_path: Path, shipped: PopulationStats) -> None:
    path = tmp_path / "stats.json"
    shipped.save(path)
    again = load_population_stats(path)
    assert again.to_json() == shipped.to_json()
    assert again.pair("Mechanical", "Psychology") == shipped.pair("Mechanical", "Psychology")


def test_binary_statistics_round_trip(write_file: WriteFile, tmp_path: Path) -> None:
    path = write_file("unit,domain\nann,music\nann,maths\nbob,music\ncat,art\n")
    stats = PopulationStats.from_units(read_population_csv(path), null_samples=20)
    again = PopulationStats.from_json(json.loads(json.dumps(stats.to_json())))
    assert again.correlation_method == "phi"
    assert again.to_json() == stats.to_json()
    assert again.correlation("art", "music") == pytest.approx(stats.correlation("art", "music"))


def test_statistics_are_immutable(shipped: PopulationStats) -> None:
    with pytest.raises(ValueError, match="read-only"):
        shipped.counts[0] = 1


@pytest.mark.parametrize(
    "document",
    [
        {"format": "something else"},
        {"format": "polymath-population-stats", "version": 99},
        {"format": "polymath-population-stats", "version": 1, "areas": ["a"]},
    ],
)
def test_malformed_statistics_are_refused(document: dict[str, Any]) -> None:
    with pytest.raises(ImportFailed):
        PopulationStats.from_json(document)


def test_statistics_file_that_is_not_json(write_file: WriteFile) -> None:
    with pytest.raises(ImportFailed, match="not a JSON file"):
        load_population_stats(write_file("unit,domain\n", name="stats.json"))


def test_shipped_statistics_carry_the_attribution(shipped: PopulationStats) -> None:
    assert "USDOL/ETA" in shipped.source["attribution"]
    assert "CC BY 4.0" in shipped.source["licence"]
    assert "Importance >= 3.0" in shipped.source["changes"]
    raw = json.dumps(shipped.to_json())
    assert "11-1011.00" not in raw  # no raw rows


def _same(a: Any, b: Any, where: str = "") -> None:
    if isinstance(a, float) or isinstance(b, float):
        assert math.isclose(a, b, abs_tol=2e-6), where
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for key in a:
            _same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for n, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{n}]")
    else:
        assert a == b, where


def _build_population_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "build_population", REPO_ROOT / "scripts" / "build_population.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def test_shipped_onet_file_is_rebuilt_byte_for_byte(onet_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "onet.pop"
    _build_population_script().build(onet_csv).save(out)
    assert out.read_bytes() == shipped_path("onet").read_bytes()


def test_the_earlier_json_file_holds_the_same_figures(shipped: PopulationStats) -> None:
    committed = json.loads(
        (REPO_ROOT / "polymath" / "data" / "onet_knowledge.json").read_text(encoding="utf-8")
    )
    _same(shipped.to_json(), committed)


def test_onet_area_names_read_without_the_statistics() -> None:
    names = shipped_area_names("onet")
    assert len(names) == 33
    assert "Foreign Language" in names


def test_dense_matrices_agree_with_pair_lookups(shipped: PopulationStats) -> None:
    o = shipped.observed_matrix()
    z = shipped.z_matrix()
    i = shipped.index_of("Design")
    j = shipped.index_of("Engineering and Technology")
    assert o[i, j] == shipped.observed("Design", "Engineering and Technology") == 145
    assert z[i, j] == pytest.approx(shipped.pair(i, j).z)
    assert np.allclose(z, z.T)
