"""Stage 6: the only code that writes output. Changed files only, stale ones removed, atomically.

The generator owns a fixed set of git-ignored places under docs/ (GENERATED_ROOTS) and never
writes or deletes anything else. All changed files are first written beside their targets as
temporary files; only when every one of them is on disk are they renamed into place, so a
failure part-way (a full disk, a permission error) leaves the previous output as it was.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .models import Page

# Folders and single files under docs/ that belong to the generator. Keep .gitignore in step
# (a test checks it).
PAGE_DIRS = ("briefings", "countries", "events", "organisations", "people", "relations", "topics")
# Machine-readable outputs, which MkDocs copies into the site as they are.
FILE_DIRS = {"feeds": (".xml", ".ics"), "data": (".json",)}
GENERATED_DIRS = (*PAGE_DIRS, *FILE_DIRS)
GENERATED_FILES = ("index.md", "timeline.md", "upcoming.md")
TEMP_SUFFIX = ".generator-tmp"


class WriteError(Exception):
    """Output could not be written; says whether the previous output is still intact."""

    def __init__(self, message: str, *, output_unchanged: bool = True) -> None:
        super().__init__(message)
        self.output_unchanged = output_unchanged


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...] = field(default_factory=tuple)
    unchanged: int = 0
    removed: tuple[str, ...] = field(default_factory=tuple)


def is_generated_uri(uri: str) -> bool:
    """True for a relative, normalised path inside the generator's own places."""
    path = PurePosixPath(uri)
    if path.is_absolute() or ".." in path.parts or str(path) != uri or "\\" in uri:
        return False
    if uri in GENERATED_FILES:
        return True
    if len(path.parts) < 2:
        return False
    allowed = FILE_DIRS.get(path.parts[0], (".md",) if path.parts[0] in PAGE_DIRS else ())
    return path.suffix in allowed


def _check_uris(pages: Sequence[Page]) -> None:
    seen: set[str] = set()
    for page in pages:
        if not is_generated_uri(page.uri):
            raise WriteError(f"refusing to write {page.uri!r}: outside the generated folders")
        if page.uri in seen:
            raise WriteError(f"two pages would be written to {page.uri!r}")
        seen.add(page.uri)


def _existing_outputs(docs_dir: Path) -> set[str]:
    """Files the generator may have written: its pages and any temporary left by a crash."""
    found = {name for name in GENERATED_FILES if (docs_dir / name).is_file()}
    for folder in GENERATED_DIRS:
        for directory, _, files in os.walk(docs_dir / folder):
            prefix = Path(directory).relative_to(docs_dir).as_posix()
            for name in files:
                uri = f"{prefix}/{name}"
                generated = is_generated_uri(uri) or name.endswith(TEMP_SUFFIX)
                if generated and (docs_dir / uri).is_file():
                    found.add(uri)
    return found


def _remove_temporaries(paths: Iterable[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _prune_empty_dirs(docs_dir: Path) -> None:
    for folder in GENERATED_DIRS:
        root = docs_dir / folder
        if not root.is_dir():
            continue
        folders = [root, *(p for p in root.rglob("*") if p.is_dir())]
        for directory in sorted(folders, key=lambda p: len(p.parts), reverse=True):
            if not any(directory.iterdir()):
                directory.rmdir()


def _changed_pages(pages: Sequence[Page], docs_dir: Path) -> list[Page]:
    """The pages whose file is missing or differs."""
    changed = []
    for page in pages:
        target = docs_dir / page.uri
        data = page.text.encode("utf-8")
        try:
            status = os.lstat(target)
        except FileNotFoundError:
            changed.append(page)
            continue
        except OSError as exc:
            raise WriteError(f"cannot read {target}: {exc.strerror}") from exc
        if not stat.S_ISREG(status.st_mode):
            raise WriteError(f"{target} is in the way: it is not a plain file")
        try:
            if status.st_size == len(data) and target.read_bytes() == data:
                continue
        except OSError as exc:
            raise WriteError(f"cannot read {target}: {exc.strerror}") from exc
        changed.append(page)
    return changed


def _temporary(target: Path) -> Path:
    return target.with_name(target.name + TEMP_SUFFIX)


def _write_changed(pages: Sequence[Page], docs_dir: Path) -> list[Page]:
    """Write the pages whose file differs: all beside their targets first, then renamed."""
    changed = _changed_pages(pages, docs_dir)
    staged: list[Path] = []
    folders: set[Path] = set()
    try:
        for page in changed:
            temporary = _temporary(docs_dir / page.uri)
            if temporary.parent not in folders:
                temporary.parent.mkdir(parents=True, exist_ok=True)
                folders.add(temporary.parent)
            staged.append(temporary)
            temporary.write_bytes(page.text.encode("utf-8"))
    except OSError as exc:
        _remove_temporaries(staged)
        raise WriteError(f"cannot write {exc.filename}: {exc.strerror}") from exc
    try:
        for page in changed:
            target = docs_dir / page.uri
            _temporary(target).replace(target)
    except OSError as exc:
        # Renames within one folder do not fail in practice once the checks above passed;
        # if one does, say so rather than claim the old output is intact.
        _remove_temporaries(staged)
        raise WriteError(
            f"cannot replace {exc.filename}: {exc.strerror}; run generate again",
            output_unchanged=False,
        ) from exc
    return changed


def write_pages(pages: Sequence[Page], docs_dir: Path) -> WriteReport:
    """Make the generated part of docs_dir hold exactly `pages`, touching only what changed."""
    _check_uris(pages)
    changed = _write_changed(pages, docs_dir)
    stale = sorted(_existing_outputs(docs_dir) - {page.uri for page in pages})
    for uri in stale:
        (docs_dir / uri).unlink()
    _prune_empty_dirs(docs_dir)
    return WriteReport(
        written=tuple(page.uri for page in changed),
        unchanged=len(pages) - len(changed),
        removed=tuple(stale),
    )


def update_pages(pages: Sequence[Page], removed: Iterable[str], docs_dir: Path) -> WriteReport:
    """Write some pages and delete others, leaving every other generated file as it is: the
    watch mode knows which pages an edit reached, so it need not list the whole folder."""
    _check_uris(pages)
    gone = sorted(uri for uri in removed if is_generated_uri(uri))
    changed = _write_changed(pages, docs_dir)
    deleted = []
    for uri in gone:
        try:
            (docs_dir / uri).unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise WriteError(
                f"cannot remove {uri}: {exc.strerror}", output_unchanged=False
            ) from exc
        deleted.append(uri)
    if deleted:
        _prune_empty_dirs(docs_dir)
    return WriteReport(
        written=tuple(page.uri for page in changed),
        unchanged=len(pages) - len(changed),
        removed=tuple(deleted),
    )


def write_schema_files(files: dict[str, str], schema_dir: Path) -> list[str]:
    """Write the JSON Schemas (tracked files, written only on request). Returns changed names."""
    changed = []
    schema_dir.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(files.items()):
        target = schema_dir / name
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        temporary = _temporary(target)
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(target)
        changed.append(name)
    return changed


def write_new_file(root: Path, uri: str, text: str) -> Path:
    """Create a contributor's file (a briefing skeleton); never overwrite an existing one."""
    target = root / uri
    if target.exists():
        raise WriteError(f"{uri} already exists; not overwriting it")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return target


def _refuse_escapes(uris: Iterable[str], folder: Path) -> None:
    for uri in uris:
        path = PurePosixPath(uri)
        if path.is_absolute() or ".." in path.parts or str(path) != uri or "\\" in uri:
            raise WriteError(f"refusing to write {uri!r} outside {folder}")


def write_tree(files: dict[str, str], out_dir: Path) -> int:
    """Write a throw-away tree (the synthetic corpus) into out_dir; returns the file count."""
    _refuse_escapes(files, out_dir)
    for uri, text in files.items():
        target = out_dir / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return len(files)


def replace_dir(files: dict[str, str], target: Path) -> int:
    """Make target hold exactly files (paths relative to it), swapping the whole folder at
    once: nothing stale stays, and a failure part-way leaves the previous folder as it was."""
    _refuse_escapes(files, target)
    staging = target.with_name(target.name + TEMP_SUFFIX)
    retired = target.with_name(target.name + ".generator-old")
    try:
        for leftover in (staging, retired):
            if leftover.exists():
                shutil.rmtree(leftover)
        for uri, text in files.items():
            staged = staging / uri
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_text(text, encoding="utf-8")
    except OSError as problem:
        shutil.rmtree(staging, ignore_errors=True)
        raise WriteError(f"could not write {target}: {problem}") from problem
    _swap(staging, target, retired)
    shutil.rmtree(retired, ignore_errors=True)
    return len(files)


def _swap(staging: Path, target: Path, retired: Path) -> None:
    """Put staging in target's place; on failure, put the previous target back."""
    had_target = target.exists()
    try:
        if had_target:
            target.rename(retired)
        staging.rename(target)
    except OSError as problem:
        if had_target and retired.exists() and not target.exists():
            retired.rename(target)
        shutil.rmtree(staging, ignore_errors=True)
        raise WriteError(f"could not replace {target}: {problem}") from problem
