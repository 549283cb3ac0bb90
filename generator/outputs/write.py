"""Stage 6: the only code that writes output. Changed files only, stale ones removed, atomically.

The generator owns a fixed set of git-ignored places under docs/ (GENERATED_DIRS and
GENERATED_FILES) and never writes or deletes anything else, nor anything through a symbolic
link. A run is a transaction:

1. every changed file is staged in `.generator/staging/`, beside docs/ where MkDocs never
   looks, or, when a rename from there cannot reach docs/ (another file system or mount),
   in `docs/.generator-staging/`, which MkDocs leaves out as it does every dot-folder; a
   failure here (a full disk) deletes the staging and leaves docs/ as it was;
2. a journal listing the files to move and to delete, and where they are staged, is written
   and renamed into place: from this moment the run counts as done;
3. the staged files are renamed into docs/ and stale ones deleted, then the journal goes; a
   generated folder docs/ does not have yet (a first run, a fresh clone) is renamed whole.

A run killed before step 2 leaves docs/ as it was. One killed during step 3 leaves the
journal, and the next run (which `make site` and the watch mode start with) finishes the moves
before it does anything else, so what a build reads is all old or all new. An exclusive lock
on docs/ keeps two runs from writing at once.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..core.diagnostics import os_error_reason
from ..story.models import Page
from ..story.sitemap import FILE_DIRS, GENERATED_DIRS, GENERATED_FILES, PAGE_DIRS

TEMP_SUFFIX = ".generator-tmp"
STATE_DIR = ".generator"
"""Beside docs/ (so MkDocs never copies it): staged files and the journal of a run."""
SITE_DIR = "site"
"""Where `make site` builds; MkDocs empties it first, so it must not lead elsewhere."""
LOCK_WAIT_SECONDS = 300.0
STAGING_IN_DOCS = ".generator-staging"
"""The staging folder inside docs/, for a docs/ that a rename from beside it cannot reach."""
COPY_NAME = f".copy{TEMP_SUFFIX}"
"""A file copied across file systems, beside its target until it is renamed over it."""


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


def _check_uris(pages: Sequence[Page], seen: set[str]) -> None:
    """Refuse an address outside the generated places, or one already in `seen` (which
    gains each address)."""
    for page in pages:
        if not is_generated_uri(page.uri):
            raise WriteError(f"refusing to write {page.uri!r}: outside the generated folders")
        if page.uri in seen:
            raise WriteError(f"two pages would be written to {page.uri!r}")
        seen.add(page.uri)


def _existing_outputs(docs_dir: Path) -> set[str]:
    """Files the generator may have written: its pages, and any `*.generator-tmp` left beside
    them by a crash of a version that staged files there."""
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
            raise WriteError(f"cannot read {target}: {os_error_reason(exc)}") from exc
        if not stat.S_ISREG(status.st_mode):
            raise WriteError(f"{target} is in the way: it is not a plain file")
        try:
            if status.st_size == len(data) and target.read_bytes() == data:
                continue
        except OSError as exc:
            raise WriteError(f"cannot read {target}: {os_error_reason(exc)}") from exc
        changed.append(page)
    return changed


def _temporary(target: Path) -> Path:
    return target.with_name(target.name + TEMP_SUFFIX)


def _display(path: Path, docs_dir: Path) -> str:
    try:
        return path.relative_to(docs_dir.parent).as_posix()
    except ValueError:
        return str(path)


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False


def refuse_links(docs_dir: Path) -> None:
    """Refuse to write when docs/, a generated folder, a folder inside one, the state folder
    or the site folder is a symbolic link: writing or cleaning through it would change files
    outside the repository."""
    root = docs_dir.parent
    state = root / STATE_DIR
    stagings = _stagings(docs_dir)
    places = [docs_dir, state, *stagings, state / "journal.json", root / SITE_DIR]
    for staging in stagings:
        if staging.parent.is_dir() and not _is_link(staging.parent) and not _is_link(staging):
            for directory, subfolders, _ in os.walk(staging):
                places += [Path(directory) / name for name in subfolders]
    places += [docs_dir / name for name in (*GENERATED_DIRS, *GENERATED_FILES)]
    for folder in GENERATED_DIRS:
        if (docs_dir / folder).is_dir() and not _is_link(docs_dir / folder):
            for directory, subfolders, _ in os.walk(docs_dir / folder):
                places += [Path(directory) / name for name in subfolders]
    for place in places:
        if _is_link(place):
            raise WriteError(
                f"{_display(place, docs_dir)}: is a symbolic link, and the generator never "
                "writes or deletes through one. Delete the link (the generator makes what it "
                "needs)"
            )


@contextlib.contextmanager
def output_lock(
    docs_dir: Path,
    on_wait: Callable[[str], None] | None = None,
    wait_seconds: float = LOCK_WAIT_SECONDS,
) -> Iterator[None]:
    """Hold an exclusive lock on docs/ while writing: a second run waits for the first (a
    watch beside `make site`), and says so, rather than mixing or deleting the other's files."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    refuse_links(docs_dir)
    descriptor = os.open(docs_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        deadline = time.monotonic() + wait_seconds
        told = False
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told and on_wait is not None:
                    on_wait("Another generator run is writing docs/; waiting for it to finish.")
                    told = True
                if time.monotonic() > deadline:
                    raise WriteError(
                        f"another generator run has been writing docs/ for {wait_seconds:.0f} "
                        "s; stop it (make serve or make watch) and try again"
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(descriptor)


def _state(docs_dir: Path) -> Path:
    return docs_dir.parent / STATE_DIR


def _journal(docs_dir: Path) -> Path:
    return _state(docs_dir) / "journal.json"


def _staging(docs_dir: Path) -> Path:
    """Where a run stages its files when a rename reaches docs/ from there (the usual case)."""
    return _state(docs_dir) / "staging"


def _staging_in_docs(docs_dir: Path) -> Path:
    """Where a run stages when docs/ is on another file system (or mount) than the state
    folder: a rename cannot cross one. MkDocs leaves out every name starting with a dot
    (`.*` in its default exclude_docs), so the site never shows it."""
    return docs_dir / STAGING_IN_DOCS


def _stagings(docs_dir: Path) -> tuple[Path, Path]:
    return _staging(docs_dir), _staging_in_docs(docs_dir)


def _write_new(path: Path, data: bytes, sync: bool = False) -> None:
    """Create a file that must not exist yet, never following a link planted in its place."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags, 0o644)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        if sync:
            handle.flush()
            os.fsync(handle.fileno())


def _staging_for(docs_dir: Path) -> Path:
    """Make the staging folder where a rename reaches docs/ from: beside docs/, unless a
    rename of the (empty) folder into docs/ fails with EXDEV, which is tried, not guessed
    from device numbers (two mounts of one file system share them and still refuse)."""
    beside, inside = _stagings(docs_dir)
    docs_dir.mkdir(exist_ok=True)  # the moves would make it anyway; the test needs it now
    _state(docs_dir).mkdir(exist_ok=True)
    beside.mkdir()
    try:
        beside.rename(inside)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        beside.rmdir()
        inside.mkdir()
        return inside
    inside.rename(beside)
    return beside


def _commit(moves: Sequence[str], deletions: Sequence[str], docs_dir: Path, staging: Path) -> None:
    """Write the journal: once it is in place, the run counts as done. It names the staging
    folder, so the run that finishes it takes the files from where they are."""
    journal = _journal(docs_dir)
    pending = journal.with_name(journal.name + TEMP_SUFFIX)
    entry = {
        "move": list(moves),
        "delete": list(deletions),
        "staging": staging.relative_to(docs_dir.parent).as_posix(),
    }
    try:
        pending.unlink(missing_ok=True)
        _write_new(pending, json.dumps(entry).encode())
        pending.replace(journal)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        pending.unlink(missing_ok=True)
        raise WriteError(f"cannot write the journal: {os_error_reason(exc)}") from exc


@dataclass(frozen=True)
class _Journal:
    moves: list[str]
    deletions: list[str]
    staging: Path


def _read_journal(docs_dir: Path) -> _Journal | None:
    problem = f"{STATE_DIR}/journal.json cannot be read"
    hint = f"delete the {STATE_DIR} folder and run generate again"
    try:
        descriptor = os.open(_journal(docs_dir), os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(descriptor, "rb") as handle:
            data = json.loads(handle.read(64 * 1024 * 1024))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise WriteError(f"{problem} ({exc}); {hint}") from exc
    lists: list[list[str]] = []
    for name in ("move", "delete"):
        value = data.get(name) if isinstance(data, dict) else None
        if not isinstance(value, list) or not all(isinstance(uri, str) for uri in value):
            raise WriteError(f"{problem}: it is not a journal this generator wrote; {hint}")
        lists.append([uri for uri in value if is_generated_uri(uri)])
    # A journal of a version that named no staging folder staged beside docs/. Only the two
    # folders the writer uses are taken: the journal never sends files anywhere else.
    named = data.get("staging", f"{STATE_DIR}/staging")
    places = {place.relative_to(docs_dir.parent).as_posix(): place for place in _stagings(docs_dir)}
    if named not in places:
        raise WriteError(f"{problem}: it is not a journal this generator wrote; {hint}")
    return _Journal(lists[0], lists[1], places[named])


def _move(staged: Path, target: Path) -> None:
    """Rename a staged file into place; across file systems (a journal from a run that staged
    beside a docs/ on another one), copy it beside its target, flush it to disk and rename
    that, so the target is still replaced whole."""
    try:
        staged.replace(target)
        return
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
    copy = target.with_name(COPY_NAME)
    copy.unlink(missing_ok=True)  # a leftover of a run killed here; unlink never follows
    descriptor = os.open(staged, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb") as handle:
        _write_new(copy, handle.read(), sync=True)
    copy.replace(target)
    staged.unlink()


def _apply(journal: _Journal, docs_dir: Path) -> None:
    """Move staged files into docs/ and delete stale ones. Safe to repeat after a kill: a
    file already moved is no longer staged, a file already deleted is gone."""
    staging = journal.staging
    folders: set[Path] = set()
    try:
        _move_new_folders(journal, docs_dir)
        for uri in journal.moves:
            staged, target = staging / uri, docs_dir / uri
            if not os.path.lexists(staged):
                continue
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            _move(staged, target)
        for uri in journal.deletions:
            (docs_dir / uri).unlink(missing_ok=True)
    except OSError as exc:
        raise WriteError(
            f"cannot finish writing {_display(Path(exc.filename or docs_dir), docs_dir)}: "
            f"{os_error_reason(exc)}; the next run finishes it",
            output_unchanged=False,
        ) from exc
    try:
        if journal.deletions:
            _prune_empty_dirs(docs_dir)
        _journal(docs_dir).unlink()
    except OSError as exc:
        raise WriteError(
            f"cannot finish writing: {os_error_reason(exc)}; the next run finishes it",
            output_unchanged=False,
        ) from exc
    shutil.rmtree(staging, ignore_errors=True)
    with contextlib.suppress(OSError):
        _state(docs_dir).rmdir()


def _move_new_folders(journal: _Journal, docs_dir: Path) -> None:
    """Each generated folder that docs/ does not have yet is renamed into place whole: one
    rename, not one a file (16,000 at 10,000 briefings, half a second on the first run). The
    staging holds only the files the journal moves, so this moves the same files; they are
    then no longer staged, and the moves one by one skip them, also in a run that finishes
    one killed in between. A staged folder that is not a folder (refuse_links stops a link
    before this) or a move across file systems goes file by file."""
    wanted = {uri.split("/", 1)[0] for uri in journal.moves if "/" in uri}
    for folder in sorted(wanted.intersection(GENERATED_DIRS)):
        staged, target = journal.staging / folder, docs_dir / folder
        if os.path.lexists(target):
            continue
        try:
            if not stat.S_ISDIR(os.lstat(staged).st_mode):
                continue
            staged.rename(target)
        except FileNotFoundError:
            continue  # moved by the run this one finishes
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise


def recover(docs_dir: Path) -> bool:
    """Finish a run that was killed after its journal was written, or drop the staging of one
    killed before. True if a run was finished. Call it with the lock held."""
    refuse_links(docs_dir)
    return _recover(docs_dir)


def _recover(docs_dir: Path) -> bool:
    """`recover`, for writers that hold the lock, which refused links already."""
    found = _read_journal(docs_dir)
    if found is None:
        for staging in _stagings(docs_dir):
            shutil.rmtree(staging, ignore_errors=True)
        return False
    _apply(found, docs_dir)
    return True


@dataclass(frozen=True)
class Staged:
    """What staging one part of a run's pages did: their addresses, and those staged because
    their file is missing or differs. Small, so a worker sends this back instead of pages."""

    uris: tuple[str, ...]
    written: tuple[str, ...]


class PageWrite:
    """One run's write, in steps, so that pages can be staged as they are rendered: `stage`
    writes the changed pages of a part into the staging folder, where they were rendered (a
    full run's workers stage their own parts, after `open`); `take` counts them in, in the
    run's process; `finish` commits the run (steps 2 and 3 above) and removes what it names.
    Call them with the lock held (`output_lock`); a run that stops before `finish` leaves
    docs/ as it was, and the next one drops its staging."""

    def __init__(self, docs_dir: Path) -> None:
        _recover(docs_dir)
        self.docs_dir = docs_dir
        self._seen: set[str] = set()
        self._written: list[str] = []
        self._unchanged = 0
        self._staging: Path | None = None
        self._folders: set[Path] = set()

    def open(self) -> Path:
        """The staging folder, made now if it is not there yet. Workers that stage parts
        must be forked after this, so that they all stage into the one folder."""
        if self._staging is None:
            self._staging = _staging(self.docs_dir)  # what to delete if the next fails
            self._staging = _staging_for(self.docs_dir)
        return self._staging

    def stage(self, pages: Sequence[Page]) -> Staged:
        """Stage the pages whose file is missing or differs. It changes nothing `take` or
        `finish` read, so a worker may run it; an error leaves what it staged for `discard`."""
        _check_uris(pages, set())
        changed = _changed_pages(pages, self.docs_dir)
        if changed:
            try:
                staging = self.open()
                for page in changed:
                    target = staging / page.uri
                    if target.parent not in self._folders:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        self._folders.add(target.parent)
                    try:
                        _write_new(target, page.text.encode("utf-8"))
                    except FileExistsError as exc:  # staged by another part, in a worker
                        raise WriteError(f"two pages would be written to {page.uri!r}") from exc
            except OSError as exc:
                what = _display(Path(exc.filename), self.docs_dir) if exc.filename else None
                raise WriteError(
                    f"cannot write {what or 'the staged pages'}: {os_error_reason(exc)}"
                ) from exc
        return Staged(tuple(page.uri for page in pages), tuple(page.uri for page in changed))

    def take(self, staged: Staged) -> None:
        """Count in a part that `stage` staged, here or in a worker."""
        for uri in staged.uris:
            if uri in self._seen:
                raise WriteError(f"two pages would be written to {uri!r}")
            self._seen.add(uri)
        self._written.extend(staged.written)
        self._unchanged += len(staged.uris) - len(staged.written)

    def add(self, pages: Sequence[Page]) -> None:
        """Stage the pages whose file is missing or differs, in this process."""
        try:
            self.take(self.stage(pages))
        except WriteError:
            self.discard()
            raise

    def finish(self, removed: Iterable[str] | None = None) -> WriteReport:
        """Commit: move the staged pages into docs/ and delete `removed` (the generated files
        that exist among them), or, given None, every generated file no page was added for."""
        if removed is None:
            stale = sorted(_existing_outputs(self.docs_dir) - self._seen)
        else:
            gone = sorted(uri for uri in removed if is_generated_uri(uri))
            stale = [uri for uri in gone if os.path.lexists(self.docs_dir / uri)]
        if self._written or stale:
            staging = self._staging or _staging_for(self.docs_dir)
            # From here the staging belongs to the journal: `discard` must not drop files
            # a run that finishes this one would move (a failed commit drops them itself).
            self._staging = None
            _commit(self._written, stale, self.docs_dir, staging)
            _apply(_Journal(self._written, stale, staging), self.docs_dir)
        else:
            self.discard()  # opened for workers that found nothing to change
        return WriteReport(tuple(self._written), self._unchanged, tuple(stale))

    def discard(self) -> None:
        """Drop what was staged: the run stops, and docs/ stays as it was."""
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
            with contextlib.suppress(OSError):  # left only if empty, as a commit leaves it
                _state(self.docs_dir).rmdir()


def write_pages(pages: Sequence[Page], docs_dir: Path) -> WriteReport:
    """Make the generated part of docs_dir hold exactly `pages`, touching only what changed.
    Call it with the lock held (`output_lock`)."""
    write = PageWrite(docs_dir)
    write.add(pages)
    return write.finish()


def update_pages(pages: Sequence[Page], removed: Iterable[str], docs_dir: Path) -> WriteReport:
    """Write some pages and delete others, leaving every other generated file as it is: the
    watch mode knows which pages an edit reached, so it need not list the whole folder."""
    write = PageWrite(docs_dir)
    write.add(pages)
    return write.finish(removed)


# Everything else a command writes (the schemas, a new briefing, the synthetic corpus, the
# search filters) follows the same rules as the pages, through `write_file` and `replace_dir`:
# no symbolic link anywhere on the path from the folder the command works in, every file
# created with O_EXCL | O_NOFOLLOW, and temporary names made at random and created exclusively,
# so a link committed under a name the writer uses is never written through.

_LINK_REFUSED = (
    "is a symbolic link, and the generator never writes or deletes through one. Delete the "
    "link (the generator makes the folders it needs)"
)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _not_a_folder(place: Path, root: Path) -> WriteError:
    return WriteError(f"{_shown(place, root)} is in the way: it is not a folder")


def _refuse_link(place: Path, mode: int, root: Path) -> None:
    if stat.S_ISLNK(mode):
        raise WriteError(f"{_shown(place, root)}: {_LINK_REFUSED}")


def refuse_linked_path(root: Path, path: Path) -> None:
    """Refuse when a folder or the file on the way from root (which the command was pointed
    at, so taken as it is) down to path is a symbolic link, or a folder on it is a file."""
    place = root
    for part in path.relative_to(root).parts:
        place = place / part
        try:
            mode = os.lstat(place).st_mode
        except FileNotFoundError:
            return  # nothing exists below a missing folder
        except NotADirectoryError:
            raise _not_a_folder(place.parent, root) from None
        _refuse_link(place, mode, root)


def _make_folders(root: Path, folder: Path) -> None:
    """Make folder and the missing folders above it, below root, never through a link:
    mkdir does not follow a link in the last part of its path, it finds it in the way."""
    place = root
    for part in folder.relative_to(root).parts:
        place = place / part
        try:
            place.mkdir()
            continue
        except FileExistsError:
            mode = os.lstat(place).st_mode
        except NotADirectoryError:
            raise _not_a_folder(place.parent, root) from None
        _refuse_link(place, mode, root)
        if not stat.S_ISDIR(mode):
            raise _not_a_folder(place, root)


def _create(path: Path, data: bytes) -> None:
    """`_write_new`, removing what it made if writing fails half way (a full disk). With
    O_EXCL only an existing path fails with FileExistsError, so any other failure left
    either nothing or our own half-written file."""
    try:
        _write_new(path, data)
    except FileExistsError:
        raise
    except OSError:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def _temporary_beside(target: Path) -> str:
    """A name beside target that no one can have planted: random, and created exclusively by
    its user. It ends in TEMP_SUFFIX, so a crash's leftover is git-ignored."""
    return f".{target.name}.{secrets.token_hex(8)}{TEMP_SUFFIX}"


def write_file(root: Path, relative: str, data: bytes, *, replace: bool = True) -> Path:
    """Write one file at root/relative by the writer's rules. With `replace`, it is written
    under a temporary name and renamed over the old one, so no one reads half of it; without,
    anything already at that path is an error. Returns the path written."""
    _refuse_escapes([relative], root)
    target = root / relative
    _make_folders(root, target.parent)
    refuse_linked_path(root, target)
    if not replace:
        try:
            _create(target, data)
        except FileExistsError:
            raise WriteError(f"{_shown(target, root)} already exists; not overwriting it") from None
        return target
    temporary = target.with_name(_temporary_beside(target))
    _create(temporary, data)
    try:
        temporary.replace(target)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    return target


def read_own_file(root: Path, relative: str) -> bytes | None:
    """A file the writer keeps up to date (a schema), to compare before writing it: None if
    it does not exist. Never read through a link; anything but a plain file is in the way."""
    target = root / relative
    refuse_linked_path(root, target)
    try:
        descriptor = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise WriteError(f"{_shown(target, root)} is in the way: it is not a plain file")
        return handle.read()


def write_schema_files(
    files: dict[str, str], schema_dir: Path, root: Path | None = None
) -> list[str]:
    """Write the JSON Schemas (tracked files, written only on request) into schema_dir, which
    is inside root (default: its parent). Returns the names of those that changed."""
    root = schema_dir.parent if root is None else root
    folder = schema_dir.relative_to(root).as_posix()
    changed = []
    for name, text in sorted(files.items()):
        relative, data = f"{folder}/{name}", text.encode("utf-8")
        if read_own_file(root, relative) != data:
            write_file(root, relative, data)
            changed.append(name)
    return changed


def write_new_file(root: Path, uri: str, text: str) -> Path:
    """Create a contributor's file (a briefing skeleton); never overwrite an existing one."""
    return write_file(root, uri, text.encode("utf-8"), replace=False)


def _refuse_escapes(uris: Iterable[str], folder: Path) -> None:
    for uri in uris:
        path = PurePosixPath(uri)
        if path.is_absolute() or ".." in path.parts or str(path) != uri or "\\" in uri:
            raise WriteError(f"refusing to write {uri!r} outside {folder}")


def write_tree(files: dict[str, str], out_dir: Path) -> int:
    """Write a throw-away tree (the synthetic corpus) into out_dir; returns the file count."""
    _refuse_escapes(files, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # write_file's rules, with each folder made (and checked) once for its many files.
    for folder in sorted({(out_dir / uri).parent for uri in files}):
        _make_folders(out_dir, folder)
    for uri, text in files.items():
        _create(out_dir / uri, text.encode("utf-8"))
    return len(files)


def replace_dir(files: dict[str, str], target: Path, root: Path | None = None) -> int:
    """Make target hold exactly files (paths relative to it), swapping the whole folder at
    once: nothing stale stays, and a failure part-way leaves the previous folder as it was.
    No link is followed from root (default: target's parent) down."""
    root = target.parent if root is None else root
    _refuse_escapes(files, target)
    _make_folders(root, target.parent)
    refuse_linked_path(root, target)
    _remove_leftovers(target)
    staging = _fresh_folder(target, "new-")
    try:
        for uri, text in files.items():
            write_file(staging, uri, text.encode("utf-8"), replace=False)
    except (OSError, WriteError) as problem:
        shutil.rmtree(staging, ignore_errors=True)
        reason = (problem.strerror if isinstance(problem, OSError) else None) or str(problem)
        raise WriteError(f"could not write {target}: {reason}") from problem
    _swap(staging, target)
    return len(files)


def _fresh_folder(target: Path, kind: str) -> Path:
    """An empty folder beside target under a name no one planted (see _temporary_beside)."""
    folder = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.{kind}", suffix=TEMP_SUFFIX, dir=target.parent)
    )
    folder.chmod(0o755)  # mkdtemp makes it private; it becomes a folder of the site
    return folder


def _remove_leftovers(target: Path) -> None:
    """Delete what a run killed half way left beside target (only names _fresh_folder
    makes); a link among them is removed, never followed."""
    prefix = f".{target.name}."
    for leftover in target.parent.iterdir():
        if not (leftover.name.startswith(prefix) and leftover.name.endswith(TEMP_SUFFIX)):
            continue
        if stat.S_ISDIR(os.lstat(leftover).st_mode):
            shutil.rmtree(leftover)
        else:
            leftover.unlink()


def _swap(staging: Path, target: Path) -> None:
    """Put staging in target's place; on failure, put the previous target back."""
    retired_folder = _fresh_folder(target, "old-")
    retired = retired_folder / "old"
    had_target = os.path.lexists(target)
    try:
        if had_target:
            target.rename(retired)
        staging.rename(target)
    except OSError as problem:
        if had_target and os.path.lexists(retired) and not os.path.lexists(target):
            retired.rename(target)
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired_folder, ignore_errors=True)
        reason = problem.strerror or str(problem)
        raise WriteError(f"could not replace {target}: {reason}") from problem
    shutil.rmtree(retired_folder, ignore_errors=True)
