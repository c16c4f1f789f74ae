"""Golden PDFs in the fpdf2 manner: one JIS B2 poster per script family, print and screen.

They guard moves of code that must not change output: each file is built in a fresh process
(so that nothing imported earlier can change the bytes), normalized with `qpdf --qdf` and
compared with the committed golden, normalized the same way. Regenerate them only on
purpose, and look at what changed: `pytest tests/golden --regenerate-goldens`.
"""

from __future__ import annotations

import difflib
import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE

GOLDEN = Path(__file__).parent / "pdfs"
LANGUAGES = {"en": "Latin", "ar": "Arabic", "th": "Thai", "ja": "Japanese", "my": "Burmese"}
NAMES = ("poster-jis-b2", "poster-jis-b2-screen")
# The files' date would be campaign.yaml's mtime, which is when the repository was checked
# out: the goldens' date instead (2026-12-01 11:16:53 UTC).
SOURCE_DATE_EPOCH = "1796123813"
CASES = [(lang, name) for lang in LANGUAGES for name in NAMES]

pytestmark = pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("golden")
    command = [sys.executable, "-m", "posters", "build", str(SAMPLE), "--lang", ",".join(LANGUAGES),
               "--format", "poster", "--size", "jis-b2", "--variant", "print,screen",
               "--region", "generic", "--out", str(out), "--force", "--no-gallery", "-q"]
    subprocess.run(command, cwd=ROOT, check=True, timeout=300,
                   env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    return out / SAMPLE.name


def normalized(path: Path, into: Path) -> bytes:
    """qpdf's QDF form: streams uncompressed, objects in order, a fixed /ID."""
    target = into / (path.parent.name + "-" + path.name)
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", "--static-id",
                    "--deterministic-id", str(path), str(target)],
                   check=True, capture_output=True, timeout=120)
    return target.read_bytes()


@pytest.mark.parametrize(("lang", "name"), CASES,
                         ids=[f"{LANGUAGES[lang]}-{name}" for lang, name in CASES])
def test_output_is_the_golden_pdf(built, lang, name, tmp_path, request):
    made = built / lang / f"{name}.pdf"
    golden = GOLDEN / f"{lang}-{name}.pdf"
    if request.config.getoption("--regenerate-goldens"):
        GOLDEN.mkdir(exist_ok=True)
        shutil.copyfile(made, golden)
        pytest.skip(f"regenerated {golden.relative_to(ROOT)}")
    assert golden.exists(), (f"no golden for {lang} {name}: "
                             "run pytest tests/golden --regenerate-goldens")
    want_dir, got_dir = tmp_path / "golden", tmp_path / "built"
    want_dir.mkdir()
    got_dir.mkdir()
    want, got = normalized(golden, want_dir), normalized(made, got_dir)
    if want != got:
        diff = difflib.unified_diff(
            want.decode("latin-1").splitlines(), got.decode("latin-1").splitlines(),
            "golden", "built", n=2, lineterm="")
        shown = "\n".join(line[:160] for line in itertools.islice(diff, 60))
        pytest.fail(f"{lang} {name} differs from {golden.relative_to(ROOT)} "
                    f"(normalized copies in {tmp_path}):\n{shown}")
