"""out/<campaign>/build-report.json: what each output is and how its build went, for the
proof gallery and for CI."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable
from pathlib import Path

from posters.languages import autonym

REPORT = "build-report.json"


@functools.cache
def language_name(lang: str) -> str:
    """The language's name in itself (CLDR), e.g. 'ไทย' for th; 'all' names the documents
    that carry every language at once."""
    from posters.i18n.pseudo import is_pseudo

    if is_pseudo(lang):
        return f"Pseudo-locale {lang}"
    return "All languages" if lang == "all" else autonym(lang)


def previous_outputs(campaign_out: Path) -> list[dict[str, object]]:
    """The entries of the last build's report; none when it is missing or unreadable."""
    try:
        previous = json.loads((campaign_out / REPORT).read_text(encoding="utf-8"))
        outputs = previous.get("outputs", [])
    except (OSError, ValueError, AttributeError):
        return []
    if not isinstance(outputs, list):
        return []
    return [entry for entry in outputs if isinstance(entry, dict) and "path" in entry]


def write_report(campaign_out: Path, campaign_id: str, title: str,
                 outputs: list[dict[str, object]], removed: Iterable[str] = (),
                 previous: list[dict[str, object]] | None = None) -> Path:
    """Merge ``outputs`` into the report (an output not rebuilt keeps its entry); the
    ``removed`` paths leave it. ``previous``: the report's entries, when the caller has
    read them already."""
    path = campaign_out / REPORT
    if previous is None:
        previous = previous_outputs(campaign_out)
    entries = {str(entry["path"]): entry for entry in previous}
    for gone in removed:
        entries.pop(gone, None)
    for output in outputs:
        entries[str(output["path"])] = output
    report = {"campaign": campaign_id, "title": title,
              "outputs": [entries[key] for key in sorted(entries)]}
    campaign_out.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True),
                             encoding="utf-8")
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)  # a full disk leaves no half file
    return path
