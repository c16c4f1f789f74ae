"""The extractor: the POT as text, pybabel through the entry point, no data in catalogs."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from posters.i18n.extract import template_catalog
from posters.i18n.room import budgets

from .helpers import FIXTURES, ROOT, SAMPLE, load, run


def pot_text(folder: Path, engine=None) -> str:
    """The template; with a text engine, with the room of each text (as extract writes)."""
    campaign = load(folder)
    room = budgets(campaign, engine) if engine is not None else None
    buffer = io.BytesIO()
    write_po(buffer, template_catalog(campaign, room), width=76)
    return buffer.getvalue().decode()


def messages_only(pot: str) -> str:
    """The POT from its first message on (the header holds dates and tool versions)."""
    return pot[pot.index("\n#: ") + 1:]


def test_pot_of_the_small_campaign_is_exactly_the_expected_text(small):
    expected = (FIXTURES / "small.pot").read_text(encoding="utf-8")
    assert pot_text(small) == expected
    assert run("extract", small, "--no-room").exit_code == 0
    assert (small / "locale" / "messages.pot").read_text(encoding="utf-8") == expected


def test_line_numbers_contexts_and_comments_are_those_of_the_yaml(small):
    lines = (small / "campaign.yaml").read_text(encoding="utf-8").splitlines()
    catalog = read_po(io.StringIO(pot_text(small)))
    messages = [m for m in catalog if m.id]
    assert len(messages) == 12
    for message in messages:
        (_, line), = message.locations
        key = message.context.rsplit(".", 1)[-1].split("[")[0]
        written = lines[line - 1]
        singular = message.id[0] if isinstance(message.id, tuple) else message.id
        assert singular in written.replace('"', "") or written.strip().startswith(
            (f"{key}:", f"- {key}:", "one:")), (message.context, line, written)
    # the same English text in two places is two messages, told apart by context
    same = [m.context for m in messages if m.id == "Help is near"]
    assert same == ["content.headline", "content.tagline"]
    notes = {m.context: m.auto_comments for m in messages}
    assert notes["content.statistics.items.more-than-of-the-victims-were-under-18.caption"] == [
        'Translators: {value} is a percentage such as "30%".', "It is set large and bold."]
    assert notes["content.tagline"] == []  # a comment without the tag stays out


def test_no_data_reaches_the_catalog():
    pot = pot_text(SAMPLE)
    for data in ("9110", "0670-012904", "0120-924-839", "kokunai4", "cmyk", "0.30", "0.35",
                 "social-media-offer", "passport-taken", "primary", "tip-2023\"", "more-than"):
        # ids such as an icon's name may name a message (msgctxt), never be its text
        texts = "\n".join(line for line in messages_only(pot).splitlines()
                          if not line.startswith("msgctxt "))
        assert data not in texts, data
    campaign = load(SAMPLE)
    assert len([m for m in template_catalog(campaign) if m.id]) == len(list(campaign.texts()))


def test_pybabel_extract_uses_the_declared_entry_point(small, tmp_path):
    """`pybabel extract -F babel.cfg` finds the extractor through the entry point that
    pyproject.toml declares (installed here as a bare dist-info) and writes our POT."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = project["project"]["entry-points"]["babel.extractors"]
    dist = tmp_path / "site" / "posters_entrypoints-0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: posters-entrypoints\n"
                                   "Version: 0\n")
    (dist / "entry_points.txt").write_text(
        "[babel.extractors]\n" + "".join(f"{k} = {v}\n" for k, v in declared.items()))
    (small / "babel.cfg").write_text((SAMPLE / "babel.cfg").read_text())
    output = tmp_path / "pybabel.pot"
    pybabel = [sys.executable, "-c", "from babel.messages.frontend import main; main()"]
    env = {"PYTHONPATH": f"{ROOT}:{tmp_path / 'site'}", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([*pybabel, "extract", "-F", "babel.cfg", "-o", str(output), "."],
                          cwd=small, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    produced = output.read_text(encoding="utf-8")
    expected = (FIXTURES / "small.pot").read_text(encoding="utf-8")
    assert messages_only(produced) == messages_only(expected)
    assert re.search(r'msgctxt "content.statistics.items.victim-was-identified.caption"\n'
                     r'msgid "\{value\} victim was identified"\nmsgid_plural', produced)


def test_the_sample_template_in_git_is_current(engine):
    committed = (SAMPLE / "locale" / "messages.pot").read_text(encoding="utf-8")
    assert committed == pot_text(SAMPLE, engine)
