"""Property-based fuzzing (hypothesis) of the three kinds of file volunteers write:
campaign.yaml, PO catalogs and region lists. Whatever the bytes, loading gives
diagnostics that name a file (never a traceback), and nothing but a translation's own
text reaches the page.

Each test has a fixed budget (max_examples, derandomized so CI sees the same cases each
run) of a few seconds; HYPOTHESIS_PROFILE=long runs a hundred times as many locally."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posters.diagnostics import ContentError
from posters.schema.campaign import load_campaign

from .conftest import SMALL

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
BUDGET = settings(max_examples=6000 if LONG else 60, deadline=None, derandomize=not LONG,
                  database=None, suppress_health_check=list(HealthCheck))
SECONDS = 15.0  # a generous ceiling per test; each takes about 2 s here

SOURCE = (SMALL / "campaign.yaml").read_text(encoding="utf-8")
LINES = SOURCE.splitlines(keepends=True)

# characters that have broken parsers: YAML indicators, braces, bidi and zero-width
# controls, line separators, NUL, surrogates' neighbours, astral characters
CHARS = [*":-?[]{}#&*!|>'\"%@`,\t\n\r\\ ", "\u202e", "\u2066", "\u200b", "\u2028", "\x85",
         "\x00", "\ufeff", "\ue000", "\U0001F600", "\uffff"]
TOKENS = [*CHARS, "{value}", "{value.__class__}", "{{", "}}", "&a", "*a", "!!python/object",
          "0x1F", "1e400", "-.inf", "99999999999999999999", "<<", "---", "...", "[" * 60]
TEXT = st.text(alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from(CHARS)),
               max_size=40)
FRAGMENT = st.one_of(TEXT, st.lists(st.sampled_from(TOKENS), max_size=8).map("".join))


def _folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(SMALL, folder)
    return folder


def _assert_diagnostics_only(folder: Path) -> None:
    try:
        load_campaign(folder)
    except ContentError as error:
        assert error.diagnostics, "a ContentError without a diagnostic"
        for diagnostic in error.diagnostics:
            assert diagnostic.location.file, diagnostic
            assert "internal error" not in diagnostic.message


class Clock:
    def __init__(self) -> None:
        self.started = time.perf_counter()

    def check(self) -> None:
        assert time.perf_counter() - self.started < SECONDS * (100 if LONG else 1)


@given(data=st.data())
@BUDGET
def test_fuzzed_campaign_yaml_gives_diagnostics_not_tracebacks(tmp_path_factory, data) -> None:  # type: ignore[no-untyped-def]
    """Required: for any line of campaign.yaml replaced, cut or extended with arbitrary
    text, `load_campaign` returns or raises ContentError whose every diagnostic names a
    file; no other exception, no "internal error"."""
    clock = getattr(test_fuzzed_campaign_yaml_gives_diagnostics_not_tracebacks, "clock", None)
    if clock is None:
        clock = test_fuzzed_campaign_yaml_gives_diagnostics_not_tracebacks.clock = Clock()  # type: ignore[attr-defined]
    folder = _folder(tmp_path_factory.getbasetemp(), "fuzz-yaml")
    lines = list(LINES)
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        how = data.draw(st.sampled_from(["value", "insert", "cut", "indent"]))
        if how == "value" and ":" in line:
            key = line.split(":", 1)[0]
            lines[index] = f"{key}: {data.draw(FRAGMENT)}\n"
        elif how == "insert":
            lines.insert(index, data.draw(FRAGMENT) + "\n")
        elif how == "cut":
            lines[index] = line[: data.draw(st.integers(0, len(line)))]
        else:
            lines[index] = " " * data.draw(st.integers(0, 6)) + line.lstrip(" ")
    (folder / "campaign.yaml").write_text("".join(lines), encoding="utf-8",
                                          errors="surrogatepass")
    _assert_diagnostics_only(folder)
    clock.check()


PO_KEYWORDS = st.sampled_from(["msgid", "msgstr", "msgctxt", "msgid_plural", "msgstr[0]",
                               "msgstr[1]", "msgstr[7]", "#,", "#~", "#|", "", '"'])


@given(data=st.data())
@BUDGET
def test_fuzzed_po_files_give_diagnostics_and_never_reach_the_page_unchecked(
        tmp_path_factory, data) -> None:  # type: ignore[no-untyped-def]
    """Required: for a Japanese catalog with arbitrary translations and arbitrary lines
    added, `check_catalog` and `load_lookup` never raise; every finding names the PO file;
    a draft build's texts are each the source text or a translation with no finding."""
    from posters.i18n.catalogs import check_catalog, load_lookup
    from posters.localize import localize
    from tests.i18n.helpers import JA, load, po_path, translate

    folder = _folder(tmp_path_factory.getbasetemp(), "fuzz-po")
    keys = sorted(JA)
    chosen = data.draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3, unique=True))
    translations = {**JA, **{key: data.draw(TEXT) for key in chosen
                             if not isinstance(JA[key], tuple)}}
    path = translate(folder, "ja", translations)
    text = path.read_text(encoding="utf-8")
    if data.draw(st.booleans()):
        extra = f'{data.draw(PO_KEYWORDS)} "{data.draw(FRAGMENT)}"\n'
        lines = text.split("\n")
        lines.insert(data.draw(st.integers(0, len(lines))), extra)
        text = "\n".join(lines)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    campaign = load(folder)
    for problem in check_catalog(campaign, "ja"):
        assert problem.location.file.endswith("messages.po"), problem
    lookup, _ = load_lookup(campaign, "ja", draft=True)
    localized = localize(campaign, "ja", lookup)
    sources = {t.key: t.source for t in campaign.texts()}
    for local in localized.texts():
        assert local.fallback or local.key in translations or local.text, local
        if local.fallback:
            assert local.source.source == sources[local.key]
    assert po_path(folder, "ja").is_file()


CELL = st.one_of(TEXT, st.sampled_from(["tokyo", "03-1234-5678", "", '"', '""', ",",
                                        "\n", "Tokyo office", "a" * 140_000]))


@given(rows=st.lists(st.lists(CELL, min_size=0, max_size=7), min_size=0, max_size=6),
       header=st.sampled_from(["id,name,address,phone,hours", "id,name", "", "id;name;address",
                               "name,id,address,phone,hours,extra"]),
       kind=st.sampled_from(["csv", "yaml"]))
@BUDGET
def test_fuzzed_regions_give_diagnostics_at_the_regions_file(tmp_path_factory, rows, header,
                                                             kind) -> None:  # type: ignore[no-untyped-def]
    """Required: any regions.csv (header and rows) or regions.yaml (the same cells as a
    list of mappings) loads or gives diagnostics naming a file; the row errors name the
    regions file, not campaign.yaml's 'regions:' line."""
    import csv
    import io

    folder = _folder(tmp_path_factory.getbasetemp(), "fuzz-regions")
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in rows:
            writer.writerow(row)
        content = (header + "\n" if header else "") + buffer.getvalue()
    else:
        columns = header.split(",") if header else ["id"]
        content = "".join("- {" + ", ".join(
            f"{column.strip() or 'x'}: {cell!r}" for column, cell in zip(columns, row,
                                                                          strict=False))
            + "}\n" for row in rows) or "[]\n"
    (folder / f"regions.{kind}").write_text(content, encoding="utf-8", errors="surrogatepass")
    source = folder / "campaign.yaml"
    source.write_text(SOURCE.replace("  footer:", "  local_contacts:\n    heading: Local help\n"
                                     f"    regions: regions.{kind}\n  footer:"),
                      encoding="utf-8")
    _assert_diagnostics_only(folder)
