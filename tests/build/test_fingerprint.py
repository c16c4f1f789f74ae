"""The per-output fingerprint (posters.build.fingerprint): what an output depends on
beyond the campaign's files, here the libraries that make and check its bytes."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata

import pytest

from posters.build import BuildRequest, build, fingerprint
from tests.conftest import ROOT, SAMPLE


@pytest.fixture
def fresh_fingerprints():
    """library_versions and tool_fingerprint asked again (they are remembered per
    process), and again after the test: the rest of the session sees the real ones."""
    for remembered in (fingerprint.library_versions, fingerprint.tool_fingerprint):
        remembered.cache_clear()
    yield
    for remembered in (fingerprint.library_versions, fingerprint.tool_fingerprint):
        remembered.cache_clear()


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
