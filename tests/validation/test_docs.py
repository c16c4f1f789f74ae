"""docs/campaign-format.md stays true: its example loads, covers every key, and its
error lines are the ones `posters` prints."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
import yaml

from posters.schema.campaign import BLOCKS, load_campaign
from tests.validation.cases import CASES, icc_header
from tests.validation.test_schema import schema_errors

DOC = (Path(__file__).resolve().parents[2] / "docs" / "campaign-format.md").read_text("utf-8")


def annotated_example() -> str:
    section = DOC.split("## A complete annotated example", 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1)


# any static TrueType font stands for a campaign's brand face
BRAND_FONT = Path(str(resources.files("justmytype_western_core").joinpath(
    "fonts/ofl/notosanssymbols2/NotoSansSymbols2-Regular.ttf")))


def write_example(root: Path) -> Path:
    folder = root / "content" / "example"
    (folder / "assets").mkdir(parents=True)
    (folder / "assets" / "logo.svg").write_text(  # a logo the build can draw
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><path d='M0 0L9 9'/></svg>")
    (folder / "assets" / "printer.icc").write_bytes(icc_header(b"CMYK"))
    (folder / "assets" / "brand.ttf").write_bytes(BRAND_FONT.read_bytes())
    (folder / "regions.yaml").write_text("- {id: tokyo, name: Tokyo office, address: 1 Main St}\n")
    (folder / "campaign.yaml").write_text(annotated_example(), encoding="utf-8")
    return Path("content/example")


def test_the_example_loads_without_a_warning(project: Path) -> None:
    campaign, warnings = load_campaign(write_example(project), strict=True)
    assert list(warnings) == []
    assert campaign.brand.logo == (project / "content/example/assets/logo.svg").resolve()
    assert campaign.brand.output_profile == (
        project / "content/example/assets/printer.icc").resolve()
    assert campaign.hotline("tipline").number == "0120-924-839"
    assert campaign.content.statistics.items[0].caption.comments == (
        'Translators: {value} is a percentage such as "30%", set large and bold.',)


def test_the_example_satisfies_the_schema() -> None:
    assert [e.message for e in schema_errors(yaml.safe_load(annotated_example()))] == []


def _key_paths(value: object, path: str = "") -> set[str]:
    """Key paths of a YAML document in BLOCKS notation: list items are "[]"."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, child in value.items():
            child_path = f"{path}.{key}" if path else str(key)
            found.add(child_path)
            found |= _key_paths(child, child_path)
    elif isinstance(value, list):
        for child in value:
            found |= _key_paths(child, path + "[]")
    return found


def test_the_example_shows_every_key() -> None:
    shown = _key_paths(yaml.safe_load(annotated_example()))
    shown = {re.sub(r"^brand\.colours\.[^.]+", "brand.colours.*", p) for p in shown}
    for block, spec in BLOCKS.items():
        for key in spec:
            path = f"{block}.{key}" if block else key
            assert path in shown, f"docs example lacks {path}"


def test_the_reference_tables_name_every_key() -> None:
    for spec in BLOCKS.values():
        for key in spec:
            assert any(form in DOC for form in (f"`{key}`", f"`{key}.", f".{key}`")), key


EXAMPLE_LINES = [line for line in DOC.splitlines()
                 if re.match(r"^content/tip-2023/campaign\.yaml:\d+:\d+: ", line)]


@pytest.mark.parametrize("line", EXAMPLE_LINES)
def test_error_examples_are_real_messages(line: str) -> None:
    message = line.removeprefix("content/tip-2023/")
    assert any(message in case.expected for case in CASES), message


def test_there_are_error_examples() -> None:
    assert len(EXAMPLE_LINES) >= 5
