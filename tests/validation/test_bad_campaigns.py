"""Every bad campaign in the table gives exactly its expected messages, all in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from posters.diagnostics import ContentError, Level
from posters.schema.campaign import load_campaign
from tests.validation.cases import CASES, MINIMAL, Case, logo
from tests.validation.conftest import write_campaign

PREFIX = "content/bad/"


def diagnostics_for(case: Case, root: Path) -> tuple[bool, list[str]]:
    folder = write_campaign(case, root)
    try:
        _, warnings = load_campaign(folder, strict=case.strict)
    except ContentError as error:
        return False, [str(d) for d in error.diagnostics]
    return True, [str(d) for d in warnings]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_campaign(case: Case, project: Path) -> None:
    loaded, lines = diagnostics_for(case, project)
    assert lines == [PREFIX + line for line in case.expected]
    assert loaded is case.loads


def test_the_table_is_large_and_distinct() -> None:
    assert len(CASES) >= 25
    assert len({case.id for case in CASES}) == len(CASES)
    assert all(case.expected for case in CASES)


def test_every_case_changes_the_minimal_campaign(project: Path) -> None:
    """The base of the table loads cleanly, so each case's messages come from its change."""
    folder = write_campaign(Case("minimal", (), (), None), project)
    campaign, warnings = load_campaign(folder, strict=True)
    assert list(warnings) == []
    assert campaign.meta.id == "demo"
    for case in CASES:
        if case.data is None and not case.strict:
            assert case.text() != MINIMAL, case.id


def test_several_errors_are_reported_in_one_run(project: Path) -> None:
    case = next(c for c in CASES if c.id == "several-errors-at-once")
    _, lines = diagnostics_for(case, project)
    errors = [line for line in lines if ": error: " in line]
    assert len(errors) == 6
    # each broken block appears: one run shows the whole job
    for subject in ("campaign.languages", "brand.colours", "content.footer",
                    "content.call_to_action", "content.hotlines", "content.web"):
        assert any(f": error: {subject}" in line for line in errors), subject
    lines_numbers = [int(line.split(":")[1]) for line in lines]
    assert lines_numbers == sorted(lines_numbers)


def test_strict_turns_unknown_keys_into_errors(project: Path) -> None:
    case = next(c for c in CASES if c.id == "unknown-key-warns")
    folder = write_campaign(case, project)
    campaign, warnings = load_campaign(folder)
    assert [d.level for d in warnings] == [Level.WARNING]
    assert campaign.content.tagline is None  # the misspelt key is ignored, not guessed
    with pytest.raises(ContentError) as raised:
        load_campaign(folder, strict=True)
    assert [d.level for d in raised.value.diagnostics] == [Level.ERROR]


def test_error_text_is_one_diagnostic_per_line(project: Path) -> None:
    case = next(c for c in CASES if c.id == "several-errors-at-once")
    folder = write_campaign(case, project)
    with pytest.raises(ContentError) as raised:
        load_campaign(folder)
    assert str(raised.value).splitlines() == [PREFIX + line for line in case.expected]
    assert "Traceback" not in str(raised.value)


@pytest.mark.parametrize(("path", "links"), [
    ("assets/logo.svg", {}),
    ("./assets/../assets/logo.svg", {}),
    ("brand/logo.svg", {"brand": "assets"}),  # a link that stays inside the folder
])
def test_assets_inside_the_folder_load(project: Path, path: str, links: dict[str, str]) -> None:
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
           b'<path d="M0 0L10 10"/></svg>')  # a logo validate can draw
    case = Case("good-logo", (logo(path),), (), None, files={"assets/logo.svg": svg},
                links=links)
    folder = write_campaign(case, project)
    campaign, _ = load_campaign(folder, strict=True)
    assert campaign.brand.logo == (project / "content/bad/assets/logo.svg").resolve()


def test_translator_comments_reach_list_items(project: Path) -> None:
    case = Case("notes", (('      number: "9110"\n',
                           '      number: "9110"\n'
                           '      # Translators: short notes printed under the number.\n'
                           '      notes: [Toll-free, Anonymous]\n'),), (), None)
    campaign, _ = load_campaign(write_campaign(case, project), strict=True)
    notes = campaign.hotline("police").notes
    assert [n.source for n in notes] == ["Toll-free", "Anonymous"]
    assert [n.key for n in notes] == ["content.hotlines.police.notes.toll-free",
                                      "content.hotlines.police.notes.anonymous"]
    assert [n.path for n in notes] == ["content.hotlines[0].notes[0]",
                                       "content.hotlines[0].notes[1]"]
    assert {n.comments for n in notes} == {("Translators: short notes printed under the number.",)}
    assert campaign.hotline("police").label.comments == ()
