"""Whatever is wrong with a campaign file, loading it gives diagnostics, never a traceback.

Hundreds of mechanical mutations of the minimal campaign (a line removed, indented,
duplicated, a value replaced by every kind of YAML value) must each load or raise
ContentError whose every message points at a line of the file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from posters.diagnostics import ContentError
from posters.schema.campaign import load_campaign
from tests.validation.cases import MINIMAL

LINES = MINIMAL.splitlines(keepends=True)
VALUES = ["", "[]", "{}", "[1, 2]", "{a: 1}", "null", "true", "-1", "1e400", ".nan", "0x1F",
          "2021-01-01", '"{"', "'}'", "{{x}}", "../x", "/etc/passwd", "-", "|", ">-", "?",
          '"\\u202e"', "&a x", "!!str", "0.5", "99999999999999999999999", "\x00", "a\u2028b"]


def splice(i: int, *new: str) -> str:
    """The file with line ``i`` replaced by ``new`` lines."""
    return "".join([*LINES[:i], *new, *LINES[i + 1:]])


def mutations() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for i, line in enumerate(LINES):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found.append((f"drop-{i + 1}", splice(i)))
        found.append((f"indent-{i + 1}", splice(i, " " + line)))
        found.append((f"twice-{i + 1}", splice(i, line, line)))
        key = re.match(r"^(\s*(?:- )?[\w-]+:)( .*)?$", line.rstrip("\n"))
        if key:
            for j, value in enumerate(VALUES):
                changed = f"{key.group(1)} {value}\n"
                found.append((f"value-{i + 1}-{j}", splice(i, changed)))
    return found


MUTATIONS = mutations()


def test_there_are_many_mutations() -> None:
    assert len(MUTATIONS) > 500


@pytest.mark.parametrize("batch", range(8))
def test_mutations_give_diagnostics_not_tracebacks(project: Path, batch: int) -> None:
    folder = project / "content" / "bad"
    folder.mkdir(parents=True)
    file = folder / "campaign.yaml"
    failures = []
    for name, text in MUTATIONS[batch::8]:
        file.write_text(text, encoding="utf-8")
        try:
            load_campaign(Path("content/bad"))
        except ContentError as error:
            assert error.diagnostics, name
            for diagnostic in error.diagnostics:
                if not diagnostic.location.line or not diagnostic.location.file.startswith(
                        "content/bad/campaign.yaml"):
                    failures.append(f"{name}: no line: {diagnostic}")
        except Exception as error:  # the point of the test: nothing else may escape
            failures.append(f"{name}: {type(error).__name__}: {error}")
    assert failures == []
