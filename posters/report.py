"""out/<campaign>/build-report.json: what each output is and how its build went, for the
proof gallery and for CI."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

from posters.languages import autonym

REPORT = "build-report.json"


@functools.cache
def language_name(lang: str) -> str:
    """The language's name in itself (CLDR), e.g. 'ไทย' for th; 'all' names the documents
    that carry every language at once."""
    return "All languages" if lang == "all" else autonym(lang)


def write_report(campaign_out: Path, campaign_id: str, title: str,
                 outputs: list[dict[str, object]]) -> Path:
    """Merge ``outputs`` into the report (an output not rebuilt keeps its entry)."""
    path = campaign_out / REPORT
    try:
        previous = json.loads(path.read_text(encoding="utf-8")).get("outputs", [])
    except (OSError, ValueError, AttributeError):
        previous = []
    entries = {entry["path"]: entry for entry in previous
               if isinstance(entry, dict) and "path" in entry}
    for output in outputs:
        entries[str(output["path"])] = output
    report = {"campaign": campaign_id, "title": title,
              "outputs": [entries[key] for key in sorted(entries)]}
    campaign_out.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True),
                         encoding="utf-8")
    temporary.replace(path)
    return path
