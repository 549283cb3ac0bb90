"""Content is read only from plain files inside the repository: symbolic links, devices and
folders that cannot be read are located errors, and then nothing is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.__main__ import main

SEED = "000_ed05fc7602eed4fd.txt"
SEED_BRIEFING = "briefings/2025/2025-11-15-jaishankar-lavrov-moscow-talks.yml"


def run(project: Path, command: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--root", str(project), command, "--as-of", "2025-11-16"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line]


def test_a_source_linked_to_a_system_file_is_refused_and_never_quoted(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "seeds" / "x.txt").symlink_to("/etc/passwd")
    code, output = run(project, "generate", capsys)
    assert code == 1
    assert errors(output) == [
        "seeds/x.txt:1:1: error: this is a symbolic link; content must be plain files inside "
        "the repository. Replace the link with the file itself [symbolic-link]"
    ]
    assert "root:" not in output
    assert not (project / "docs" / "index.md").exists()


def test_a_briefing_linked_to_a_system_file_is_refused_without_echoing_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "briefings" / "2025" / "leak.yml").symlink_to("/etc/passwd")
    code, output = run(project, "check", capsys)
    assert code == 1
    assert errors(output) == [
        "briefings/2025/leak.yml:1:1: error: this is a symbolic link; content must be plain "
        "files inside the repository. Replace the link with the file itself [symbolic-link]"
    ]
    assert "root:" not in output


def test_a_registry_file_linked_to_an_endless_device_is_refused_before_reading(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = project / "entities" / "people.yml"
    people.unlink()
    people.symlink_to("/dev/zero")
    code, output = run(project, "check", capsys)
    assert code == 1
    assert "entities/people.yml:1:1: error: this is a symbolic link;" in output


def test_a_pipe_named_like_an_article_is_not_a_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(project / "seeds" / "pipe.txt")
    code, output = run(project, "check", capsys)
    assert code == 1
    assert errors(output) == [
        "seeds/pipe.txt:1:1: error: this is not a plain file. Replace it with one [not-a-file]"
    ]


def test_a_linked_briefings_folder_is_refused(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (project / "briefings" / "2025").rename(elsewhere)
    (project / "briefings" / "2025").symlink_to(elsewhere, target_is_directory=True)
    code, output = run(project, "check", capsys)
    assert code == 1
    assert "briefings/2025:1:1: error: this is a symbolic link;" in output


def test_a_source_over_the_size_limit_is_refused_before_reading(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with (project / "seeds" / "huge.txt").open("wb") as handle:
        handle.truncate(5 * 1024 * 1024)  # sparse: its size is known without reading it
    code, output = run(project, "check", capsys)
    assert code == 1
    assert errors(output) == [
        "seeds/huge.txt:1:1: error: the file is 5 MiB; the limit is 4 MiB [too-large]"
    ]


def test_an_unreadable_folder_is_an_error_and_its_pages_stay(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "generate", capsys)[0] == 0
    page = project / "docs" / "briefings" / "2025-11-15-jaishankar-lavrov-moscow-talks.md"
    assert page.is_file()
    real_scandir = os.scandir
    folder = str(project / "briefings" / "2025")

    def scandir(path: str) -> object:
        if path == folder:  # as for a folder without read permission (tests run as root)
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, output = run(project, "generate", capsys)
    assert code == 1
    assert errors(output) == [
        "briefings/2025/:1:1: error: cannot read the folder: Permission denied [unreadable]"
    ]
    assert page.is_file()


def test_an_unreadable_registry_is_located(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_open = os.open
    entities = str(project / "entities")

    def refusing_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).startswith(entities):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing_open)
    code, output = run(project, "check", capsys)
    assert code == 1
    assert "entities/people.yml:1:1: error: cannot read the file: Permission denied" in output
    assert "internal error" not in output


def test_locations_are_right_when_run_from_the_project_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "seeds" / "x.txt").symlink_to("/etc/passwd")
    monkeypatch.chdir(project)
    assert main(["check", "--as-of", "2025-11-16"]) == 1
    assert "seeds/x.txt:1:1: error: this is a symbolic link;" in capsys.readouterr().out


@pytest.mark.parametrize("folder", ["briefings", "entities", "seeds"])
def test_a_linked_content_folder_is_refused_and_not_entered(
    project: Path, tmp_path: Path, folder: str, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (project / folder).rename(elsewhere)
    (project / folder).symlink_to(elsewhere, target_is_directory=True)
    code, output = run(project, "check", capsys)
    assert code == 1
    assert f"{folder}:1:1: error: this is a symbolic link;" in output
    assert "root:" not in output
