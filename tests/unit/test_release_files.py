"""The files a release carries say what the package is: its licence, its data notices, its
version written once and described in the changelog."""

import tomllib
from pathlib import Path

from polymath import __version__
from polymath.services.maintenance import data_attributions

ROOT = Path(__file__).resolve().parents[2]


def test_notice_carries_every_acknowledgement_the_data_licences_ask_for() -> None:
    notice = " ".join((ROOT / "NOTICE").read_text(encoding="utf-8").split())
    for population, text in data_attributions().items():
        assert " ".join(text.split()) in notice, population


def test_the_licence_file_is_the_licence_the_metadata_declares() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert set(project["license-files"]) == {"LICENSE", "NOTICE"}


def test_the_version_is_written_once_and_the_changelog_describes_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project
    assert project["dynamic"] == ["version"]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{__version__}] - " in changelog
