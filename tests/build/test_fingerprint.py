"""The per-output fingerprint (posters.build.fingerprint): what an output depends on
beyond the campaign's files, here the libraries that make and check its bytes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from importlib import metadata
from types import SimpleNamespace

import pytest

from posters.build import BuildRequest, build, fingerprint
from tests.conftest import ROOT, SAMPLE


@pytest.fixture
def fresh_fingerprints():
    """library_versions and tool_fingerprint asked again (they are remembered per
    process), and again after the test: the rest of the session sees the real ones."""
    remembered = (fingerprint.library_versions, fingerprint.program_versions,
                  fingerprint.tool_fingerprint)
    for function in remembered:
        function.cache_clear()
    yield
    for function in remembered:
        function.cache_clear()


def statuses(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.status for r in result.results]


def test_each_output_library_is_named_with_the_version_python_sees(fresh_fingerprints):
    """Read from folder names; importlib.metadata (the standard reader) agrees."""
    versions = dict(line.split("=", 1) for line in fingerprint.library_versions().splitlines())
    for name in fingerprint.output_libraries():
        assert versions[fingerprint._normalized(name)] == metadata.version(name), name
    assert versions["python"] == sys.version


def test_the_versions_are_read_without_importing_the_libraries():
    """The build record's no-op answer may need the tool's fingerprint: it imports none
    of the libraries, nor importlib.metadata (50 ms with the email package)."""
    code = ("import sys; from posters.build.fingerprint import tool_fingerprint; "
            "tool_fingerprint(); print(' '.join(sorted(sys.modules)))")
    loaded = set(subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout.split())
    assert not loaded & {"reportlab", "uharfbuzz", "icu", "fontTools", "babel", "pikepdf",
                         "phonenumbers", "PIL", "lxml", "svglib", "importlib.metadata"}


def test_an_upgraded_library_makes_the_outputs_stale(tmp_path, engine, monkeypatch,
                                                     fresh_fingerprints):
    """ReportLab upgraded (a newer one first on sys.path, as pip leaves it): every output
    is built again, although no file of the campaign or the tool changed."""
    request = BuildRequest(SAMPLE, out_dir=tmp_path / "out", languages=("en",),
                           formats=("poster",), sizes=("jis-b2",), regions=("generic",),
                           jobs=1, gallery=False)
    assert statuses(build(request, engine)) == ["built"]
    assert statuses(build(request, engine)) == ["unchanged"]

    site = tmp_path / "site-packages"
    newer = ".".join(str(int(part) + 1) if i == 0 else part
                     for i, part in enumerate(metadata.version("reportlab").split(".")))
    (site / f"reportlab-{newer}.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(site))
    for remembered in (fingerprint.library_versions, fingerprint.tool_fingerprint):
        remembered.cache_clear()
    assert f"reportlab={newer}" in fingerprint.library_versions().splitlines()
    assert statuses(build(request, engine)) == ["built"]
    assert statuses(build(request, engine)) == ["unchanged"]


def test_a_library_found_only_by_importlib_metadata_counts_too(monkeypatch,
                                                               fresh_fingerprints):
    """An install without a ``.dist-info`` folder on sys.path (an egg, a zip) is asked
    through importlib.metadata: its upgrade changes the tool's fingerprint."""
    before = fingerprint.tool_fingerprint()
    hidden = fingerprint._normalized("budoux")
    listdir, version = fingerprint.os.listdir, metadata.version

    def without_budoux(path):  # type: ignore[no-untyped-def]
        return [name for name in listdir(path) if not name.startswith(hidden + "-")]

    monkeypatch.setattr(fingerprint.os, "listdir", without_budoux)
    monkeypatch.setattr(metadata, "version",
                        lambda name: "99.0" if name == hidden else version(name))
    for remembered in (fingerprint.library_versions, fingerprint.tool_fingerprint):
        remembered.cache_clear()
    assert "budoux=99.0" in fingerprint.library_versions().splitlines()
    assert fingerprint.tool_fingerprint() != before


# ------------------------------------------------------------- C libraries and programs

def _programs() -> dict[str, str]:
    return dict(line.split("=", 1) for line in fingerprint.program_versions().splitlines())


def test_the_c_libraries_and_programs_are_named_with_their_own_versions(fresh_fingerprints):
    """qpdf (pikepdf's libqpdf), ICU, HarfBuzz and Ghostscript, as each says itself."""
    import icu
    import pikepdf
    import uharfbuzz

    gs = subprocess.run(["gs", "--version"], capture_output=True, text=True, check=True)
    assert _programs() == {"qpdf": pikepdf.__libqpdf_version__, "icu": icu.ICU_VERSION,
                           "harfbuzz": uharfbuzz.version_string(),
                           "ghostscript": gs.stdout.strip()}


def _ghostscript(folder, version: str) -> None:  # type: ignore[no-untyped-def]
    """A program named gs that says ``version`` (written anew: another file)."""
    program = folder / "gs"
    program.unlink(missing_ok=True)
    program.write_text(f"#!/bin/sh\necho {version}\n")
    program.chmod(0o755)


def test_another_ghostscript_changes_the_fingerprint(tmp_path, monkeypatch,
                                                     fresh_fingerprints):
    """A Ghostscript upgraded (the gs on PATH now says another version) makes every
    output stale, although no Python library changed; and the same one again is known
    from the memo, without asking it."""
    before = fingerprint.tool_fingerprint()
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    monkeypatch.setenv("PATH", f"{bin_folder}{os.pathsep}{os.environ['PATH']}")
    fingerprints = []
    for version in ("99.01.0", "99.02.0"):
        _ghostscript(bin_folder, version)
        for remembered in (fingerprint.program_versions, fingerprint.tool_fingerprint):
            remembered.cache_clear()
        assert _programs()["ghostscript"] == version
        fingerprints.append(fingerprint.tool_fingerprint())
    assert len({before, *fingerprints}) == 3

    def no_probe(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("probed again although nothing changed")

    monkeypatch.setattr(subprocess, "run", no_probe)
    for remembered in (fingerprint.program_versions, fingerprint.tool_fingerprint):
        remembered.cache_clear()
    assert fingerprint.tool_fingerprint() == fingerprints[-1]


def test_another_ghostscript_is_not_answered_from_the_build_record(tmp_path, engine,
                                                                   monkeypatch,
                                                                   fresh_fingerprints):
    """The build record's no-op answer sees it too: the build runs and makes the output
    again (its fingerprint changed)."""
    from posters.build.record import replay

    request = BuildRequest(SAMPLE, out_dir=tmp_path / "out", languages=("en",),
                           formats=("poster",), sizes=("jis-b2",), regions=("generic",),
                           jobs=1, gallery=False)
    assert statuses(build(request, engine)) == ["built"]
    assert replay(request) is not None
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    _ghostscript(bin_folder, "99.03.0")
    monkeypatch.setenv("PATH", f"{bin_folder}{os.pathsep}{os.environ['PATH']}")
    for remembered in (fingerprint.program_versions, fingerprint.tool_fingerprint):
        remembered.cache_clear()
    assert replay(request) is None
    assert statuses(build(request, engine)) == ["built"]
    assert replay(request) is not None


def test_a_library_file_changed_is_probed_again(tmp_path, monkeypatch, fresh_fingerprints):
    """A remembered version holds only while every file it was read from has the same
    status (a library replaced in place: another inode)."""
    monkeypatch.setenv("POSTERS_TOOL_CACHE", str(tmp_path / "tool"))
    assert _programs()["ghostscript"]
    (memo,) = (tmp_path / "tool" / "programs").glob("*.json")
    stored = json.loads(memo.read_bytes().partition(b"\n")[2])
    files = stored["files"]
    assert any("qpdf" in path for path in files) and any("icu" in p for p in files)
    stored["versions"]["icu"] = "1.0"  # as if read from an older ICU...
    path = next(p for p in stored["files"] if "libicuuc" in p or "icu" in p)
    stored["files"][path][3] += 1  # ...whose file has since been replaced
    body = json.dumps(stored).encode()
    memo.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    fingerprint.program_versions.cache_clear()
    import icu

    assert _programs()["icu"] == icu.ICU_VERSION


# --------------------------------------------------------------------------- tool's files

def _reference(package) -> str:  # type: ignore[no-untyped-def]
    """tool_fingerprint as the plain definition: every hashed file read and hashed."""
    import hashlib

    from posters import __version__

    digest = hashlib.sha256(__version__.encode())
    digest.update(fingerprint.library_versions().encode() + b"\0")
    digest.update(fingerprint.program_versions().encode() + b"\0")
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package).as_posix()
        if fingerprint.in_tool_fingerprint(relative) and path.is_file():
            digest.update(path.name.encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@pytest.fixture
def package(tmp_path, monkeypatch, fresh_fingerprints):
    """A copy of the package as the tool's files, its memo in a fresh folder; the files
    read for their digest (``package.read``), under ``package.root``."""
    import shutil

    copy = tmp_path / "posters"
    shutil.copytree(fingerprint.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "PACKAGE_DIR", copy)
    monkeypatch.setenv("POSTERS_TOOL_CACHE", str(tmp_path / "tool"))
    read: list[str] = []
    real = fingerprint._file_digest

    def reading(path):  # type: ignore[no-untyped-def]
        read.append(path.relative_to(copy).as_posix())
        return real(path)

    monkeypatch.setattr(fingerprint, "_file_digest", reading)
    yield SimpleNamespace(root=copy, read=read)
    monkeypatch.undo()


def _tool() -> str:
    fingerprint.tool_fingerprint.cache_clear()
    fingerprint._digests.clear()
    return fingerprint.tool_fingerprint()


def _settled(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The copy's files were written just now: let the memo take them as settled."""
    monkeypatch.setattr(fingerprint, "RACY_NS", 0)


def test_an_unchanged_tree_is_fingerprinted_from_the_memo(package, monkeypatch):
    _settled(monkeypatch)
    first = _tool()
    assert first == _reference(package.root)
    assert "render/pdf.py" in package.read and "data/fonts.yaml" in package.read
    assert not any(name.startswith(("gallery/", "serve/")) for name in package.read)
    package.read.clear()
    assert _tool() == first
    assert package.read == []  # every digest from the memo


def test_a_changed_file_of_the_package_changes_it(package, monkeypatch):
    """Even rewritten in place with the same size and its modification time put back:
    the status-change time and the bytes tell."""
    import os

    _settled(monkeypatch)
    first = _tool()
    module = package.root / "layout" / "flow.py"
    before = module.stat()
    data = module.read_bytes()
    module.write_bytes(data.replace(b"def ", b"def_", 1))
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
    package.read.clear()
    changed = _tool()
    assert changed != first and changed == _reference(package.root)
    assert package.read == ["layout/flow.py"]
    module.write_bytes(data)
    assert _tool() == first


@pytest.mark.parametrize("edit", ["stock layout", "font configuration", "new module",
                                  "removed module"])
def test_layouts_fonts_and_the_set_of_modules_count(package, monkeypatch, edit):
    _settled(monkeypatch)
    first = _tool()
    if edit == "stock layout":
        layout = next((package.root / "layouts").glob("*.yaml"))
        layout.write_text(layout.read_text() + "\n# edited\n")
    elif edit == "font configuration":
        fonts = package.root / "data" / "fonts.yaml"
        fonts.write_text(fonts.read_text() + "\n# edited\n")
    elif edit == "new module":
        (package.root / "render" / "extra.py").write_text("X = 1\n")
    else:
        (package.root / "render" / "pdf.py").unlink()
    assert _tool() != first
    assert _tool() == _reference(package.root)


def test_a_file_that_draws_no_pdf_does_not_change_it(package, monkeypatch):
    _settled(monkeypatch)
    first = _tool()
    for name in ("gallery/html.py", "cli.py", "serve/session.py"):
        (package.root / name).write_text((package.root / name).read_text() + "\n# edited\n")
    (package.root / "render" / "__pycache__").mkdir()
    (package.root / "render" / "__pycache__" / "pdf.cpython-311.pyc").write_bytes(b"\0")
    assert _tool() == first


def test_a_file_changed_just_before_it_was_hashed_is_not_remembered(package, monkeypatch):
    """Within the racy window a status cannot tell a same-size rewrite: such a file is
    hashed by every process until it is older (here: every file, just copied; the window
    made wide, so that a loaded machine taking seconds to copy and hash the package
    cannot see the copy settle between the two looks)."""
    monkeypatch.setattr(fingerprint, "RACY_NS", 10**15)  # some eleven days
    first = _tool()
    package.read.clear()
    assert _tool() == first
    assert "render/pdf.py" in package.read


@pytest.mark.parametrize("damage", ["cut short", "a digest changed", "not json",
                                    "another folder's"])
def test_a_damaged_memo_is_ignored(package, monkeypatch, tmp_path, damage):
    import json

    _settled(monkeypatch)
    first = _tool()
    (memo,) = (tmp_path / "tool").glob("*.json")
    data = memo.read_bytes()
    if damage == "cut short":
        memo.write_bytes(data[: len(data) // 2])
    elif damage == "a digest changed":  # still JSON of the right shape, a wrong digest
        head, _, body = data.partition(b"\n")
        stored = json.loads(body)
        state = stored["files"]["render/pdf.py"]
        state[4] = ("0" if state[4][0] != "0" else "1") + state[4][1:]
        memo.write_bytes(head + b"\n" + json.dumps(stored).encode())
    elif damage == "not json":
        memo.write_bytes(b"\x00\xff" * 100)
    else:  # whole, but written for another package folder
        import hashlib

        head, _, body = data.partition(b"\n")
        stored = json.loads(body)
        stored["root"] = str(tmp_path / "elsewhere")
        body = json.dumps(stored).encode()
        memo.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    package.read.clear()
    assert _tool() == first
    assert "render/pdf.py" in package.read
    package.read.clear()
    assert _tool() == first  # the memo was written again, whole
    assert package.read == []


def test_the_memos_of_package_folders_are_bounded(package, monkeypatch, tmp_path):
    _settled(monkeypatch)
    folder = tmp_path / "tool"
    folder.mkdir()
    for number in range(fingerprint.MAX_TOOL_MEMOS + 5):
        (folder / f"{number:032x}.json").write_text("{}")
    _tool()
    memos = list(folder.glob("*.json"))
    assert len(memos) == fingerprint.MAX_TOOL_MEMOS
    assert fingerprint.ToolFileDigests(package.root).path in memos
