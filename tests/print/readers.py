"""Independent readers of our print files: Ghostscript's interpreter, which repairs what
does not conform to the PDF specification and says so."""

from __future__ import annotations

import subprocess
from pathlib import Path

_WARNINGS = ("The following warnings were encountered", "**** Error", "**** Warning",
             "errors that were repaired or ignored", "does not conform")


def ghostscript_warnings(path: Path) -> list[str]:
    """The lines in which Ghostscript reports a repaired or non-conforming construct while
    interpreting every page; empty for a clean file. (Ghostscript 10 exits 0 even with
    -dPDFSTOPONWARNING, so its report is read.)"""
    run = subprocess.run(
        ["gs", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage", str(path)],
        capture_output=True, text=True, timeout=120, check=False)
    output = run.stdout + run.stderr
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    flagged = any(marker in output for marker in _WARNINGS) or run.returncode != 0
    return lines if flagged else []
