"""The print tests need Ghostscript (ink coverage, and its CMYK profile is the default
output profile) and qpdf; without them they are skipped with a message."""

from __future__ import annotations

import shutil

import pytest

from posters.print.icc import ProfileNotFound, default_cmyk_profile


def pytest_collection_modifyitems(config, items):
    missing = []
    if shutil.which("gs") is None:
        missing.append("ghostscript")
    try:
        default_cmyk_profile()
    except ProfileNotFound:
        missing.append("libgs-common (Ghostscript's ICC profiles)")
    if shutil.which("qpdf") is None:
        missing.append("qpdf")
    if shutil.which("pdfinfo") is None:
        missing.append("poppler-utils")
    if not missing:
        return
    skip = pytest.mark.skip(reason="needs " + ", ".join(missing) + " (apt-get install them)")
    for item in items:
        if "tests/print/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory, engine):
    """Every format, print and screen, in English, Arabic and Burmese (see built.py)."""
    from tests.print.built import build_sample

    return build_sample(tmp_path_factory.mktemp("sample"), engine)
