"""What an output depends on, hashed; and the manifest of what each output was built from.

An output is up to date when its file exists and the manifest records the same
fingerprint: the tool's own code and the versions of the libraries that make and check
its bytes, the campaign file, the language's catalog, the layout description, the font
configuration and font instances, the assets it draws, the CMYK output profile and the
campaign's date.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat as stat_module
import sys
import time
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posters import __version__
from posters.dates import campaign_date
from posters.files import write_atomic

if TYPE_CHECKING:
    from posters.model import Campaign

# The catalogs' and layouts' places are imported where they are asked for: the build
# record (posters.build.record) asks this module for the tool's digest only.

PACKAGE_DIR = Path(__file__).resolve().parents[1]
MANIFEST = ".build-manifest.json"


def _hash_file(digest: hashlib._Hash, path: Path,
               digests: InputDigests | None = None) -> None:
    digest.update(str(path.name).encode())
    digest.update(digests(path) if digests else _file_digest(path))


_digests: dict[tuple[str, int, int, int, int], bytes] = {}


def _file_digest(path: Path) -> bytes:
    """A file's SHA-256, read once per process while its size, times and inode stay the
    same (one campaign file feeds hundreds of output fingerprints). The status-change
    time tells a file rewritten with its size and modification time put back."""
    try:
        stat = path.stat()
    except OSError:
        return b"<missing>"
    key = (str(path), stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_size)
    if key not in _digests:
        try:
            _digests[key] = hashlib.sha256(path.read_bytes()).digest()
        except OSError:
            return b"<missing>"
    return _digests[key]


class InputDigests:
    """Each input file's digest as it was when first asked for. A build fingerprints
    hundreds of outputs from a few dozen files: each is looked at once, and every output
    of the build is fingerprinted from the same state of its inputs."""

    def __init__(self) -> None:
        self._known: dict[Path, bytes] = {}
        self.inputs: dict[tuple[str, str, str | None], bytes] = {}  # see output_fingerprint
        self._layouts: dict[tuple[str, Path], Path] = {}
        self._catalogs: dict[str, Path] = {}
        self._region_files: dict[str, Path] | None = None
        self._shared: tuple[Campaign, bytes] | None = None

    def shared(self, campaign: Campaign) -> bytes:
        """The digest of the files every output of ``campaign`` depends on, once."""
        if self._shared is None or self._shared[0] is not campaign:
            self._shared = (campaign, _shared_files_digest(campaign, self))
        return self._shared[1]

    def catalog(self, campaign: Campaign, lang: str) -> Path:
        if lang not in self._catalogs:
            from posters.i18n.paths import catalog_path

            self._catalogs[lang] = catalog_path(campaign, lang)
        return self._catalogs[lang]

    def region_file(self, campaign: Campaign, region: str) -> Path:
        """The file a region is read from (a thousand regions: looked up by id once)."""
        if self._region_files is None:
            self._region_files = {r.id: Path(r.location.file) for r in campaign.regions}
        found = self._region_files.get(region)
        return found if found is not None else Path(campaign.region(region).location.file)

    def layout(self, format_name: str, campaign_root: Path) -> Path:
        """The layout file a format is built from: the campaign's own, else the stock one
        (the folders are listed once per build, not once per output)."""
        key = (format_name, campaign_root)
        if key not in self._layouts:
            from posters.layout.description import LAYOUT_DIR, layout_file

            self._layouts[key] = (layout_file(format_name, campaign_root)
                                  or LAYOUT_DIR / f"{format_name}.yaml")
        return self._layouts[key]

    def __call__(self, path: Path) -> bytes:
        known = self._known.get(path)
        if known is None:
            known = self._known[path] = _file_digest(path)
        return known


# Parts of the package that do not change what goes into a PDF: editing them must not
# rebuild a campaign.
NOT_IN_OUTPUT = ("gallery/", "commands/", "serve/", "cli.py", "console.py", "files.py",
                 "progress.py", "build/report.py", "build/pool.py", "build/shard.py",
                 "build/record.py", "__main__.py")


TOOL_SUFFIXES = (".py", ".yaml", ".json")  # the package's files tool_fingerprint hashes


def in_tool_fingerprint(relative: str) -> bool | None:
    """Whether tool_fingerprint hashes the package's file ``relative`` (a posix path under
    posters/): True; False for a file it does not hash although it may shape a PDF (a
    stock icon, a bundled profile); None for one that does not change what goes into a
    PDF (NOT_IN_OUTPUT, byte code)."""
    if relative.startswith(NOT_IN_OUTPUT) or "__pycache__" in relative.split("/"):
        return None
    return relative.endswith(TOOL_SUFFIXES)


# The distributions whose code decides an output's bytes or its checks, each with why
# (named in a data file: no module outside render/ names the drawing library).
OUTPUT_LIBRARIES = PACKAGE_DIR / "data" / "output-libraries.json"


def output_libraries() -> list[str]:
    return list(json.loads(OUTPUT_LIBRARIES.read_text(encoding="utf-8"))["distributions"])


def _normalized(name: str) -> str:
    """A distribution's name as its ``.dist-info`` folder spells it (PEP 503, then ``_``)."""
    return name.lower().replace("-", "_").replace(".", "_")


@cache
def library_versions() -> str:
    """``name=version`` of each output_libraries() distribution that imports would find (the
    first ``name-version.dist-info`` folder on sys.path), with Python's and zlib's own
    versions: read from folder names, without importing the libraries nor
    importlib.metadata (which costs more than the rest of a build with nothing to do)."""
    wanted = {_normalized(name) for name in output_libraries()}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                distribution, _, version = name[:-len(".dist-info")].partition("-")
                found.setdefault(_normalized(distribution), version)
    for name in wanted - found.keys():  # installed otherwise (an egg, a zip): ask
        from importlib import metadata

        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    import zlib  # ReportLab's and PDF/X's stream compression

    return "\n".join([f"python={sys.version}", f"zlib={zlib.ZLIB_RUNTIME_VERSION}",
                      *(f"{name}={found[name]}" for name in sorted(wanted))])


# The C libraries and programs whose own versions decide an output's bytes or its checks,
# beyond their bindings' (a binding built against the system's library sees an upgrade
# of it only here): qpdf writes PDF/X (pikepdf), ICU breaks lines and writes numbers,
# HarfBuzz shapes, Ghostscript measures the ink (PF040). The probe runs in a child
# process, so that this one imports none of them; each library is known by the files
# the child had mapped (the binding's extension and the library's shared object).
_PROBE = r"""
import json, subprocess, sys
sys.path[:] = json.loads(sys.argv[1])
versions, packages = {}, {}
for name, module, read in (("qpdf", "pikepdf", lambda m: m.__libqpdf_version__),
                           ("icu", "icu", lambda m: m.ICU_VERSION),
                           ("harfbuzz", "uharfbuzz", lambda m: m.version_string())):
    try:
        imported = __import__(module)
        versions[name] = str(read(imported))
        packages[name] = imported.__file__.rsplit("/", 1)[0] + "/"
    except Exception as exc:
        versions[name] = f"unavailable ({type(exc).__name__})"
gs = sys.argv[2]
try:
    versions["ghostscript"] = subprocess.run(
        [gs, "--version"], capture_output=True, text=True, timeout=60).stdout.strip() \
        if gs else "not installed"
except (OSError, subprocess.SubprocessError) as exc:
    versions["ghostscript"] = f"unavailable ({type(exc).__name__})"
files = {gs} if gs else set()
try:
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split(None, 5)[-1].strip()
            base = path.rsplit("/", 1)[-1]
            if ".so" in base and any(path.startswith(packages.get(n, "\0")) or n in base
                                     for n in ("qpdf", "icu", "harfbuzz")):
                files.add(path)
except OSError:  # no /proc: the bindings' own files
    files.update(packages.values())
print(json.dumps({"versions": versions, "files": sorted(files)}))
"""


def _executable(name: str) -> str | None:
    """shutil.which(name), without importing shutil (a build with nothing to do)."""
    for folder in os.environ.get("PATH", os.defpath).split(os.pathsep):
        candidate = os.path.join(folder or ".", name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return os.path.realpath(candidate)
    return None


def _status(path: str) -> list[int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


@cache
def program_versions() -> str:
    """``name=version`` of qpdf (libqpdf, pikepdf's), ICU, HarfBuzz and Ghostscript, as
    the probe finds them, remembered in the tool cache (``programs/<key>.json``: one per
    sys.path, library versions and Ghostscript found; MAX_TOOL_MEMOS kept) with the
    size, times and inode of each file they were read from: asked again only when one
    of those changed."""
    gs = _executable("gs")
    key = hashlib.sha256(json.dumps([sys.executable, sys.path, library_versions(), gs])
                         .encode()).hexdigest()
    memo = tool_cache_dir() / "programs" / f"{key[:32]}.json"
    versions = _remembered_versions(memo, key)
    if versions is None:
        versions = _probe_versions(memo, key, gs)
    return "\n".join(f"{name}={versions[name]}" for name in sorted(versions))


def _remembered_versions(memo: Path, key: str) -> dict[str, str] | None:
    try:
        head, _, body = memo.read_bytes().partition(b"\n")
        if head != hashlib.sha256(body).hexdigest().encode():
            return None
        stored = json.loads(body)
        if stored["key"] != key or not isinstance(stored["versions"], dict):
            return None
        if any(_status(path) != status for path, status in stored["files"].items()):
            return None
        return {str(name): str(value) for name, value in stored["versions"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def _probe_versions(memo: Path, key: str, gs: str | None) -> dict[str, str]:
    import subprocess

    try:
        done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(sys.path), gs or ""],
                              capture_output=True, text=True, timeout=120, check=True)
        found = json.loads(done.stdout)
        versions, files = found["versions"], found["files"]
    except (OSError, ValueError, KeyError, subprocess.SubprocessError) as exc:
        # not remembered: asked again by the next process
        return {"probe": f"failed ({type(exc).__name__})"}
    statuses = {path: _status(path) for path in files}
    body = json.dumps({"key": key, "versions": versions, "files": statuses},
                      sort_keys=True, separators=(",", ":")).encode()
    with contextlib.suppress(OSError):
        memo.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(memo, hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        _trim_memos(memo.parent)
    return versions


@cache
def tool_fingerprint() -> str:
    """The tool itself: version, every module that shapes a PDF, every layout and the font
    configuration (posters/data/fonts.yaml), the libraries' versions (library_versions)
    and those of the C libraries and programs under them (program_versions). Each
    file's digest comes from the memo of the tool's files (`ToolFileDigests`) while its
    status says it is the file that was hashed."""
    digest = hashlib.sha256(__version__.encode())
    digest.update(library_versions().encode() + b"\0")
    digest.update(program_versions().encode() + b"\0")
    files = _tool_files(PACKAGE_DIR)
    digests = ToolFileDigests(PACKAGE_DIR)
    for relative, stat in files:
        digest.update(relative.rpartition("/")[2].encode())
        digest.update(digests.digest(relative, stat))
    digests.save()
    return digest.hexdigest()


def _tool_files(root: Path) -> list[tuple[str, os.stat_result | None]]:
    """The files of the package that tool_fingerprint hashes (relative posix path, status),
    in the order of their paths' parts; folders it does not hash (NOT_IN_OUTPUT, byte
    code) are not walked, nor links to folders."""
    found: list[tuple[tuple[str, ...], str, os.stat_result | None]] = []
    pending = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError:
            continue
        for entry in listed:
            relative = prefix + entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                if in_tool_fingerprint(relative + "/") is not None:
                    pending.append((entry.path, relative + "/"))
            elif in_tool_fingerprint(relative):
                try:
                    stat: os.stat_result | None = entry.stat()
                except OSError:
                    stat = None  # a dangling link: hashed as missing
                if stat is None or not stat_module.S_ISDIR(stat.st_mode):
                    found.append((tuple(relative.split("/")), relative, stat))
    found.sort(key=lambda item: item[0])
    return [(relative, stat) for _, relative, stat in found]


def tool_cache_dir() -> Path:
    from posters.files import user_cache

    return user_cache("tool", "POSTERS_TOOL_CACHE")


MAX_TOOL_MEMOS = 32  # package folders remembered (checkouts, worktrees, test copies)
RACY_NS = 2_000_000_000  # posters.build.record's RACY_SECONDS: see ToolFileDigests


class ToolFileDigests:
    """The SHA-256 of each of the package's files, remembered in the user cache
    (``~/.cache/posters/tool``, or ``$POSTERS_TOOL_CACHE``; one JSON file per package
    folder) with the file's size, modification and status-change times (ns) and inode, as
    git's index and the build record (posters.build.record) remember files.

    A remembered digest is used only while all four are what they were when the file was
    hashed. Any write changes the modification and status-change times, and a file
    replaced (an atomic save, a checkout, a reinstall) has another inode; the
    status-change time, which no program can set, also tells a file whose modification
    time was put back (``touch -d``, ``cp -p``). What a status cannot see is a file
    rewritten with the same size within the file system's timestamp granularity of the
    moment it was hashed: a file changed less than RACY_NS before it was hashed is
    therefore not remembered, and is hashed again by every process until it is older.
    A memo that is not exactly what this class writes (cut short, damaged, edited: its
    first line is the SHA-256 of the rest) is ignored, and every file is hashed again."""

    def __init__(self, root: Path) -> None:
        self.root = root
        name = hashlib.sha256(os.fsencode(root)).hexdigest()[:32]
        self.path = tool_cache_dir() / f"{name}.json"
        self.known = self._load()
        self.now: dict[str, Any] = {}
        self.changed = False

    def _load(self) -> dict[str, Any]:
        """The memo's files: its first line is the SHA-256 of the rest, its JSON."""
        try:
            data = self.path.read_bytes()
            head, _, body = data.partition(b"\n")
            if head != hashlib.sha256(body).hexdigest().encode():
                return {}
            stored = json.loads(body)
            files = stored["files"]
            if stored.get("root") != str(self.root) or not isinstance(files, dict):
                return {}
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            return {}
        return files

    def digest(self, relative: str, stat: os.stat_result | None) -> bytes:
        if stat is None:
            return b"<missing>"
        state = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        known = self.known.get(relative)
        if isinstance(known, list) and len(known) == 5 and known[:4] == state \
                and isinstance(known[4], str):
            with contextlib.suppress(ValueError):
                value = bytes.fromhex(known[4])
                if len(value) == 32:
                    self.now[relative] = known
                    return value
        value = _file_digest(self.root / relative)
        if value == b"<missing>":
            return value
        # hashed now: remembered only when its times are older than the racy window
        if max(stat.st_mtime_ns, stat.st_ctime_ns) < time.time_ns() - RACY_NS:
            self.now[relative] = [*state, value.hex()]
        self.changed = True
        return value

    def save(self) -> None:
        """Write the memo when a file was hashed (or one is gone); a cache that cannot be
        written only costs the hashing again."""
        if not self.changed and self.now.keys() == self.known.keys():
            return
        from posters.files import write_atomic

        body = json.dumps({"root": str(self.root), "files": self.now}, sort_keys=True,
                          separators=(",", ":")).encode()
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
            _trim_memos(self.path.parent)


def _trim_memos(folder: Path) -> None:
    """Keep the MAX_TOOL_MEMOS most recently written memos (a package folder removed, a
    test's copy: its memo is never read again)."""
    with os.scandir(folder) as entries:
        memos = [entry for entry in entries
                 if entry.name.endswith(".json") and not entry.name.startswith(".")]
    if len(memos) <= MAX_TOOL_MEMOS:
        return
    aged = []
    for entry in memos:
        with contextlib.suppress(OSError):
            aged.append((entry.stat().st_mtime_ns, entry.path))
    for _, path in sorted(aged)[:-MAX_TOOL_MEMOS]:
        with contextlib.suppress(OSError):
            os.unlink(path)


def font_cache_dir() -> Path:
    """posters.text.cache.cache_dir(), without importing the text package (ICU, Babel):
    the build record asks for the fonts' fingerprint before anything is loaded."""
    from posters.files import user_cache

    return user_cache("fonts", "POSTERS_FONT_CACHE")


@cache
def fonts_fingerprint() -> str:
    """The font instances in the cache: their names carry their source files' hashes."""
    directory = font_cache_dir()
    names = sorted(p.name for p in directory.glob("*.ttf")) if directory.is_dir() else []
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


def output_fingerprint(campaign: Campaign, lang: str, format_name: str, size: str,
                       variant: str, region: str | None = None, *, draft: bool,
                       digests: InputDigests | None = None) -> str:
    digests = digests or InputDigests()
    digest = hashlib.sha256()
    # the files' date (posters.dates) is written into every PDF
    for part in (tool_fingerprint(), fonts_fingerprint(), lang, format_name, size, variant,
                 region or "", str(draft), campaign_date(campaign).when.isoformat()):
        digest.update(part.encode() + b"\0")
    # the files depend on language, format and region only: hashed once for every size
    # and variant (a build fingerprints hundreds of outputs from a few dozen files)
    key = (lang, format_name, region)
    if key not in digests.inputs:
        digests.inputs[key] = _input_files_digest(campaign, lang, format_name, region, digests)
    digest.update(digests.inputs[key])
    return digest.hexdigest()


def _input_files_digest(campaign: Campaign, lang: str, format_name: str, region: str | None,
                        digests: InputDigests) -> bytes:
    digest = hashlib.sha256(digests.shared(campaign))
    _hash_file(digest, digests.catalog(campaign, lang), digests)
    # the campaign's own layout when it has one for the format, else the stock one
    _hash_file(digest, digests.layout(format_name, campaign.root), digests)
    if region:
        _hash_file(digest, digests.region_file(campaign, region), digests)
    return digest.digest()


def _shared_files_digest(campaign: Campaign, digests: InputDigests) -> bytes:
    """The files every output of the campaign depends on: campaign.yaml and the assets."""
    digest = hashlib.sha256()
    _hash_file(digest, campaign.source_file, digests)
    assets = [campaign.brand.logo] if campaign.brand.logo else []
    if campaign.content.warning_signs:
        assets += [s.icon_file for s in campaign.content.warning_signs.items if s.icon_file]
    if campaign.fonts:  # the campaign's own font faces
        assets += [Path(f) for face in campaign.fonts.faces for _, f in face.files]
    # the print variant's output intent; the screen variant's colours are converted from it
    try:
        profile = campaign.output_intent.profile
    except ValueError:  # a condition without its profile: validate has said so
        profile = campaign.brand.output_profile or _default_profile()
    if profile:
        assets.append(profile)
    for asset in assets:
        _hash_file(digest, asset, digests)
    return digest.digest()


@cache
def _default_profile() -> Path | None:
    from posters.print.icc import ProfileNotFound, default_cmyk_profile

    try:
        return default_cmyk_profile()
    except ProfileNotFound:
        return None


OUTPUT_DIGESTS = ".build-digests.json"


class Manifest:
    """What each output was built from (``entries``: path -> input fingerprint) and what
    the build wrote (``digests``: path -> SHA-256 of the file), so that an output changed
    behind the tool's back (cut short, edited, damaged) is built again."""

    def __init__(self, path: Path, entries: dict[str, str],
                 digests: dict[str, str] | None = None,
                 digests_path: Path | None = None) -> None:
        self.path = path
        self.entries = entries
        self.digests = digests if digests is not None else {}
        self.digests_path = digests_path or path.with_name(OUTPUT_DIGESTS)

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        return cls(folder / MANIFEST, _read_mapping(folder / MANIFEST),
                   _read_mapping(folder / OUTPUT_DIGESTS))

    @classmethod
    def load_shard(cls, folder: Path, manifest: str, digests: str,
                   keys: Iterable[str]) -> Manifest:
        """A shard's own manifest (``manifest``, ``digests``: its file names), holding
        only the entries of its outputs (``keys``): those of the folder's manifest (an
        earlier merged or unsharded build), updated with those of the shard's last run."""
        keys = set(keys)
        main = cls.load(folder)
        entries = {**main.entries, **_read_mapping(folder / manifest)}
        written = {**main.digests, **_read_mapping(folder / digests)}
        return cls(folder / manifest, {k: v for k, v in entries.items() if k in keys},
                   {k: v for k, v in written.items() if k in keys}, folder / digests)

    def update(self, items: Iterable[tuple[str, str]]) -> None:
        self.entries.update(items)

    def record_output(self, path: Path) -> None:
        """Remember the bytes of an output the build has just written."""
        try:
            self.digests[str(path)] = _sha256(path)
        except OSError:
            self.digests.pop(str(path), None)

    def intact(self, path: Path) -> bool:
        """Whether the file holds the bytes the build wrote (False when unknown)."""
        expected = self.digests.get(str(path))
        try:
            return expected is not None and _sha256(path) == expected
        except OSError:
            return False

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.digests = {key: value for key, value in self.digests.items()
                        if key in self.entries}
        for path, data in ((self.path, self.entries), (self.digests_path, self.digests)):
            write_atomic(path, json.dumps(data, indent=1, sort_keys=True))


def _read_mapping(path: Path) -> dict[str, str]:
    try:
        entries = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(entries, dict):
        return {}
    return {str(k): v for k, v in entries.items() if isinstance(v, str)}


def _sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()
