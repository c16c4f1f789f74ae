"""The build record: "nothing has changed since the last successful build of this request".

``posters build`` asks it first (``replay``): when every file and setting the last
successful build of the same request depended on is as that build left it, the answer is
that build's, "N unchanged", with the warnings it gave, and nothing else is loaded (not
the campaign, its catalogs, Babel, ReportLab nor pikepdf). Anything missing or different,
and the build runs as it always does (``posters.build.pipeline``), whose fingerprints
(``posters.build.fingerprint``) then decide by the files' bytes what to make again.

What the record holds (out/<campaign>/.build-record.json, written atomically at the end
of a successful, whole build; removed when any other build starts):

* the request: every option but ``--jobs`` and ``--force``, the folders as given and the
  current folder;
* every file under the campaign folder (a walk: new and deleted files count), but its
  ``.git`` and an output folder inside it, and the tool's own files (the package), each
  by size, modification and status-change times (ns) and inode;
* the tool's digest (``tool_fingerprint``): tool files whose times moved but whose bytes
  did not (a checkout back and forth, a reinstall) do not count;
* the installed distributions (every ``*.dist-info`` name on ``sys.path``), the Python
  version and ``sys.path``, the font instances in the cache (``fonts_fingerprint``), the
  system font folders (a font installed or removed there), and
  the environment that chooses fonts, caches and dates (``POSTERS_*``, ``RL_*``,
  ``GIT_*``, ``SOURCE_DATE_EPOCH``, ``HOME``, ``XDG_CACHE_HOME``, the locale variables);
* where the files' date came from (``posters.dates``): taken from git, the repository's
  top level and HEAD as they were;
* the outputs, the build report, the manifest and the gallery page, as the build left
  them (the same four stat fields), and the hidden temporary files in their folders (a
  new one, left by a killed writer, takes the normal path, which removes it).

What a stat cannot see (as make and ninja, and as git's index, which this follows): a file
rewritten with the same size within the file system's timestamp granularity of the moment
it was recorded. A file changed less than ``RACY_SECONDS`` before it was recorded is
therefore recorded with its SHA-256 too and compared by its bytes (the first no-op after
that window records it without). The status-change time, which no program can set, sees
a file whose modification time was put back (``touch -d``, ``cp -p``, ``rsync -t``).
Left unseen: a system library updated in place under an unchanged Python distribution
other than those program_versions follows (qpdf, ICU, HarfBuzz, Ghostscript), and clocks
that disagree by more than the window (a network file system): ``posters build --force``
builds regardless of the record.

Sharded builds (``--shard I/N``) neither read nor write the record: each shard is a part
of one build, which ``posters merge`` ends. ``posters serve`` calls ``build()``, which
never reads the record either.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posters.build.fingerprint import (
    MANIFEST,
    OUTPUT_DIGESTS,
    PACKAGE_DIR,
    fonts_fingerprint,
    in_tool_fingerprint,
    program_versions,
    tool_fingerprint,
)
from posters.build.outputs import Output
from posters.build.request import BuildRequest
from posters.diagnostics import Diagnostic
from posters.files import write_atomic

if TYPE_CHECKING:
    from posters.build.task import OutputResult

RECORD = ".build-record.json"
FORMAT = 2  # the record's own form: a record of another form is not read
RACY_SECONDS = 2.0  # FAT's 2 s mtime; Linux file systems: a clock tick (1-10 ms)
_RACY_NS = int(RACY_SECONDS * 1e9)
REPORT_FILES = ("build-report.json", MANIFEST, OUTPUT_DIGESTS)
GALLERY_PAGE = "index.html"
_ENVIRONMENT_PREFIXES = ("POSTERS_", "RL_", "GIT_", "LC_")
_ENVIRONMENT = ("SOURCE_DATE_EPOCH", "HOME", "XDG_CACHE_HOME", "LANG", "LANGUAGE")
# dates whose source a build record must check: the campaign pins the others
_DATES_FROM_ELSEWHERE = ("git", "file time")

# A file's state: [size, mtime_ns, ctime_ns, inode], then its SHA-256 (hex) when it
# changed within RACY_SECONDS of being recorded, else nothing.
State = list[Any]


def record_path(request: BuildRequest) -> Path:
    """Where the record of builds into ``request.out_dir`` of this campaign lives (beside
    the manifest); the campaign's output folder is named after its folder."""
    return request.out_dir / request.campaign_dir.name / RECORD


# --------------------------------------------------------------------------- states

def _stat(path: str | os.DirEntry) -> os.stat_result | None:
    try:
        return path.stat() if isinstance(path, os.DirEntry) else os.stat(path)
    except OSError:
        return None


def _sha256(path: str) -> str | None:
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None


def _state(path: str, stat: os.stat_result | None, now_ns: int) -> State | None:
    """The file's state as recorded at ``now_ns`` (its bytes' digest too when racy)."""
    if stat is None:
        return None
    state: State = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
    if max(stat.st_mtime_ns, stat.st_ctime_ns) > now_ns - _RACY_NS:
        state.append(_sha256(path))
    return state


def _walk(root: Path, skip_names: tuple[str, ...], skip: Iterable[Path] = ()
          ) -> dict[str, os.stat_result | None]:
    """Every file under ``root`` (relative posix path -> stat, following links), but in
    the folders named ``skip_names`` and the folders ``skip`` (never ``root`` itself)."""
    found: dict[str, os.stat_result | None] = {}
    top = _stat(str(root))
    seen = {(stat.st_dev, stat.st_ino) for stat in map(_stat, map(str, skip)) if stat}
    if top is not None:
        seen.discard((top.st_dev, top.st_ino))  # outputs inside the campaign folder: walked
    pending = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        stat = _stat(folder)
        if stat is None or (stat.st_dev, stat.st_ino) in seen:
            continue  # skipped, linked twice, or a loop of links
        seen.add((stat.st_dev, stat.st_ino))
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError:
            found[prefix or "."] = None  # a folder that cannot be listed: never "unchanged"
            continue
        for entry in listed:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if not is_dir:
                found[prefix + entry.name] = _stat(entry)
            elif entry.name not in skip_names:
                pending.append((entry.path, f"{prefix}{entry.name}/"))
    return found


def _states(files: dict[str, os.stat_result | None], root: Path, now_ns: int
            ) -> dict[str, State | None]:
    return {relative: _state(os.path.join(root, relative), stat, now_ns)
            for relative, stat in sorted(files.items())}


def _package_files() -> dict[str, os.stat_result | None]:
    return _walk(PACKAGE_DIR, ("__pycache__",))


def _campaign_files(request: BuildRequest) -> dict[str, os.stat_result | None]:
    """The campaign folder's files; an output folder inside it is the build's, not its
    input, and the repository's own folder is read through ``git_state``."""
    return _walk(request.campaign_dir, (".git",),
                 (request.out_dir / request.campaign_dir.name,))


def _temporaries(campaign_out: str, outputs: Iterable[str]) -> list[str]:
    """The hidden ``*.tmp*`` files in the output folders (the outputs' folders, the
    campaign's and its previews'): what a killed writer leaves, which the normal path
    removes where it can tell a dead process's (``outputs.remove_debris``)."""
    folders = sorted({"", ".previews", *(os.path.dirname(name) for name in outputs)})
    found = []
    for folder in folders:
        try:
            with os.scandir(os.path.join(campaign_out, folder)) as entries:
                found += [f"{folder}/{entry.name}".lstrip("/") for entry in entries
                          if entry.name.startswith(".") and ".tmp" in entry.name]
        except OSError:
            continue
    return sorted(found)


# posters.text.config's SYSTEM_FONT_DIRS and POSTERS_SYSTEM_FONT_DIRS, without importing
# it (ICU, Babel): the folders a campaign's check looks for its languages' fonts in
SYSTEM_FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/noto",
                    "/usr/local/share/fonts/noto")


def font_folders() -> list[str]:
    extra = os.environ.get("POSTERS_SYSTEM_FONT_DIRS")
    return extra.split(os.pathsep) if extra else list(SYSTEM_FONT_DIRS)


def _folder_states() -> dict[str, list[int] | None]:
    """The system font folders, by modification and status-change times and inode: a
    font installed or removed there changes which setup a language gets, or whether it
    has one (the campaign's check, ``schema.language_setup``)."""
    states: dict[str, list[int] | None] = {}
    for folder in font_folders():
        stat = _stat(folder)
        states[folder] = None if stat is None else \
            [stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
    return states


def _libraries() -> str:
    """The installed distributions: every ``*.dist-info`` (and egg-info) name in the
    site-packages folders on sys.path, which carry their versions; and the versions of
    the C libraries and programs under them (program_versions, from its memo)."""
    digest = hashlib.sha256(program_versions().encode())
    for entry in sys.path:
        if not entry.endswith(("site-packages", "dist-packages")):
            continue
        try:
            names = sorted(name for name in os.listdir(entry)
                           if name.endswith((".dist-info", ".egg-info", ".pth")))
        except OSError:
            continue
        digest.update("\n".join([entry, *names, ""]).encode())
    return digest.hexdigest()


def _context(request: BuildRequest) -> dict[str, Any]:
    """What the build was asked and where it ran: compared as a whole."""
    return {
        "request": {
            "campaign_dir": str(request.campaign_dir), "out_dir": str(request.out_dir),
            "languages": list(request.languages), "formats": list(request.formats),
            "sizes": list(request.sizes), "variants": list(request.variants),
            "regions": list(request.regions), "strict": request.strict,
            "draft": request.draft, "gallery": request.gallery, "checks": request.checks,
        },
        "cwd": os.getcwd(),
        "python": [sys.version, sys.executable, list(sys.path)],
        "environment": {name: value for name, value in sorted(os.environ.items())
                        if name.startswith(_ENVIRONMENT_PREFIXES) or name in _ENVIRONMENT},
    }


def _git_state(request: BuildRequest) -> str | None:
    from posters.dates import git_state

    return git_state(request.campaign_dir)


# --------------------------------------------------------------------------- writing

class Snapshot:
    """The campaign folder and the tool as a build found them before reading anything:
    what changes while it runs is then seen by the next build."""

    # This module's classes are plain: making a dataclass costs a millisecond or more at
    # import, on the path whose whole budget is 0.3 s.
    __slots__ = ("context", "font_folders", "git", "inputs", "request", "tool")

    def __init__(self, request: BuildRequest, inputs: dict[str, State | None],
                 context: dict[str, Any], git: str | None,
                 tool: dict[str, State | None]) -> None:
        self.request = request
        self.inputs = inputs
        self.context = context
        self.git = git
        self.tool = tool
        self.font_folders = _folder_states()

    @classmethod
    def take(cls, request: BuildRequest) -> Snapshot:
        """The state before a build reads anything."""
        now = time.time_ns()
        inputs = _states(_campaign_files(request), request.campaign_dir, now)
        git = None if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit() \
            else _git_state(request)
        return cls(request, inputs, _context(request), git,
                   _states(_package_files(), PACKAGE_DIR, now))


def remove_record(request: BuildRequest) -> None:
    """A build that will run: the earlier record goes (one that fails or is interrupted
    leaves none). Not before the request and the campaign have passed their checks: a
    mistyped option leaves the record of the right one."""
    with contextlib.suppress(OSError):  # no folder yet, or not one: the build says so
        record_path(request).unlink(missing_ok=True)


def write_record(snapshot: Snapshot, campaign_out: Path, outputs: Iterable[Output],
                 results: Iterable[OutputResult], warnings: Iterable[Diagnostic],
                 date_source: str) -> None:
    """The record of a successful build (``results``: every output of it, unchanged or
    built; ``warnings``: what a build with nothing to do says again, the plan's and those
    about each output's inputs; each output's findings are said again too)."""
    results = list(results)
    fingerprints = {str(r.output.path): r.fingerprint for r in results}
    findings = {str(r.output.path): r.findings for r in results}
    outputs = list(outputs)
    now = time.time_ns()
    written = [o.path.relative_to(campaign_out).as_posix() for o in outputs]
    written += [name for name in REPORT_FILES if (campaign_out / name).is_file()]
    if snapshot.request.gallery:
        written.append(GALLERY_PAGE)
    data = {
        "format": FORMAT,
        "context": snapshot.context,
        "libraries": _libraries(),
        "tool": {"digest": tool_fingerprint(), "files": snapshot.tool},
        "fonts": fonts_fingerprint(),
        "font_folders": snapshot.font_folders,
        "date": {"source": date_source, "git": snapshot.git},
        "inputs": snapshot.inputs,
        "outputs": {relative: _state(str(campaign_out / relative),
                                     _stat(str(campaign_out / relative)), now)
                    for relative in written},
        # those it kept (a running build's, a name not an output's): a new one is a change
        "temporaries": _temporaries(str(campaign_out), written),
        "result": {
            "outputs": [[o.path.relative_to(campaign_out).as_posix(), o.lang, o.format,
                         o.size, o.variant, o.region, fingerprints.get(str(o.path), ""),
                         [f.to_json(structured_location=True)
                          for f in findings.get(str(o.path), ())]]
                        for o in outputs],
            "diagnostics": [d.to_json(structured_location=True)
                            for d in dict.fromkeys(warnings)],
        },
    }
    with contextlib.suppress(OSError):  # no record: the next build only takes longer
        write_atomic(campaign_out / RECORD, json.dumps(data, ensure_ascii=False,
                                                       separators=(",", ":")))


# --------------------------------------------------------------------------- reading

class RecordedOutput:
    """An output of the recorded build, as the build's OutputResult says it."""

    __slots__ = ("findings", "fingerprint", "output")
    status = "unchanged"

    def __init__(self, output: Output, fingerprint: str,
                 findings: tuple[Diagnostic, ...] = ()) -> None:
        self.output = output
        self.fingerprint = fingerprint
        self.findings = findings


class Replay:
    """What a build with nothing changed since the recorded one returns: the parts of a
    BuildResult the command line reads."""

    __slots__ = ("campaign_name", "diagnostics", "record", "results", "seconds")
    removed: tuple[Path, ...] = ()
    failed = False

    def __init__(self, campaign_name: str, results: tuple[RecordedOutput, ...],
                 diagnostics: tuple[Diagnostic, ...], seconds: float, record: Path) -> None:
        self.campaign_name = campaign_name
        self.results = results
        self.diagnostics = diagnostics
        self.seconds = seconds
        self.record = record

    def paths(self, status: str | None = None) -> list[Path]:
        return [r.output.path for r in self.results if status in (None, r.status)]


class _Racy:
    """The racy states verified by their bytes; those now old enough are recorded anew
    without their digest."""

    def __init__(self, now_ns: int) -> None:
        self.now_ns = now_ns
        self.settled = False

    def same(self, recorded: Any, path: str, stat: os.stat_result | None) -> bool:
        if stat is None or not isinstance(recorded, list) or len(recorded) not in (4, 5):
            return False
        if recorded[:4] != [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]:
            return False
        if len(recorded) == 4:
            return True
        if recorded[4] is None or _sha256(path) != recorded[4]:
            return False
        if max(stat.st_mtime_ns, stat.st_ctime_ns) <= self.now_ns - _RACY_NS:
            del recorded[4]  # the file is older than the window now: its stat suffices
            self.settled = True
        return True


def _same_files(recorded: Any, found: dict[str, os.stat_result | None], root: Path,
                racy: _Racy) -> bool:
    return (isinstance(recorded, dict) and recorded.keys() == found.keys()
            and all(racy.same(recorded[name], os.path.join(root, name), found[name])
                    for name in found))


def _same_tool(recorded: Any, racy: _Racy) -> bool:
    """The package's files as recorded; or, where only files the tool's digest covers
    differ (their times moved), the same digest."""
    files = _package_files()
    stored = recorded["files"]
    changed = set(files.keys() ^ stored.keys()) | {
        name for name in files.keys() & stored.keys()
        if not racy.same(stored[name], os.path.join(PACKAGE_DIR, name), files[name])}
    if not changed:
        return True
    if any(in_tool_fingerprint(name) is False for name in changed):
        return False  # a stock icon, a profile: not in the digest
    return tool_fingerprint() == recorded["digest"]


def replay(request: BuildRequest) -> Replay | None:
    """The recorded build's answer when nothing it depended on has changed, else None
    (then build as always). Never for ``--force`` nor a shard."""
    started = time.perf_counter()
    if request.force or request.shard is not None:
        return None
    path = record_path(request)
    try:
        data = json.loads(path.read_bytes())
        return _replayed(request, path, data, started)
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None  # no record, or not one this version wrote: build as always


def _replayed(request: BuildRequest, path: Path, data: dict[str, Any], started: float
              ) -> Replay | None:
    if data["format"] != FORMAT or data["context"] != _context(request):
        return None
    racy = _Racy(time.time_ns())
    campaign_out = path.parent
    if not _same_files(data["inputs"], _campaign_files(request), request.campaign_dir, racy):
        return None
    folder = str(campaign_out)
    for name, state in data["outputs"].items():
        where = os.path.join(folder, name)
        if not racy.same(state, where, _stat(where)):
            return None
    if _temporaries(folder, data["outputs"]) != data["temporaries"]:
        return None  # a killed writer's leftovers: the normal path removes them
    if not _same_tool(data["tool"], racy) or data["fonts"] != fonts_fingerprint() \
            or data["font_folders"] != _folder_states() or data["libraries"] != _libraries():
        return None
    date = data["date"]
    if date["source"] in _DATES_FROM_ELSEWHERE and \
            not os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit() and \
            _git_state(request) != date["git"]:
        return None
    results = tuple(
        RecordedOutput(Output(campaign_out / relative, lang, format_name, size, variant,
                              region), fingerprint,
                       tuple(Diagnostic.from_json(f) for f in findings))
        for relative, lang, format_name, size, variant, region, fingerprint, findings
        in data["result"]["outputs"])
    diagnostics = tuple(Diagnostic.from_json(d) for d in data["result"]["diagnostics"])
    if racy.settled:
        with contextlib.suppress(OSError):  # else the digests are checked again next time
            write_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return Replay(request.campaign_dir.name, results, diagnostics,
                  time.perf_counter() - started, path)
