"""Paths as messages show them: relative to the campaign folder, or naming the tool's own
file (``posters/layouts/poster.yaml``), never an absolute path of the machine."""

from __future__ import annotations

import os
from pathlib import Path

TOOL_ROOT = Path(__file__).resolve().parent.parent  # holds posters/


def _prefixes(campaign_dir: Path | None) -> list[str]:
    prefixes = []
    if campaign_dir is not None:
        prefixes.append(str(campaign_dir.resolve()) + os.sep)
        if not campaign_dir.is_absolute() and str(campaign_dir) not in ("", "."):
            prefixes.append(str(campaign_dir) + os.sep)
            prefixes.append("./" + str(campaign_dir) + os.sep)
    prefixes.append(str(TOOL_ROOT) + os.sep)
    return sorted(set(prefixes), key=len, reverse=True)


def display_path(path: str | Path, campaign_dir: Path | None = None) -> str:
    """``path`` relative to the campaign folder if inside it, relative to the tool's root
    if it is one of the tool's files (a stock layout, fonts.yaml), else as given."""
    text = str(path)
    candidates = [text]
    if not os.path.isabs(text):
        candidates.append(os.path.abspath(text))
    for candidate in candidates:
        for prefix in _prefixes(campaign_dir):
            if candidate.startswith(prefix):
                return candidate[len(prefix):].replace(os.sep, "/")
    return text


def relative_text(text: str, campaign_dir: Path | None = None) -> str:
    """A message with every path of the campaign or the tool in it shown relatively."""
    for prefix in _prefixes(campaign_dir):
        if prefix in text:
            text = text.replace(prefix, "")
    return text
