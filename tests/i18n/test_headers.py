"""Catalog headers: the campaign's contact and team, true dates, a header comment a
translator can read; GNU msgfmt --check accepts them."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from babel.messages.pofile import read_po

from posters.i18n.headers import plural_examples

from .helpers import SAMPLE, po_path, run

PLACEHOLDERS = ("EMAIL@ADDRESS", "FULL NAME", "LL@li.org", "2000-01-01", "YEAR-MO-DA",
                "See docs/translating.md")


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_every_sample_catalog_passes_msgfmt_check():
    files = sorted(SAMPLE.glob("locale/*/LC_MESSAGES/messages.po"))
    assert len(files) == 16
    for path in [*files, SAMPLE / "locale" / "messages.pot"]:
        done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                              capture_output=True, text=True, check=False)
        # a template has no Language (msgfmt warns about that, and only that)
        warnings = [w for w in done.stderr.splitlines() if path.suffix == ".po"
                    or "header field 'Language' missing" not in w]
        assert done.returncode == 0 and not warnings, (path, done.stderr)
        text = path.read_text(encoding="utf-8")
        for placeholder in PLACEHOLDERS:
            assert placeholder not in text, (path, placeholder)


def test_new_catalogs_carry_contact_team_dates_and_plural_explanation(small):
    assert run("init", small, "-l", "ru", "-l", "ja").exit_code == 0
    with po_path(small, "ru").open("rb") as handle:
        catalog = read_po(handle)
    headers = dict(catalog.mime_headers)
    assert headers["Report-Msgid-Bugs-To"] == "Translation desk <i18n@example.org>"
    assert headers["Language-Team"] == ("Russian translators of Test Agency "
                                        "<i18n@example.org>")
    assert headers["POT-Creation-Date"].startswith("2023-04-01")  # campaign.date
    assert headers["PO-Revision-Date"].startswith("2023-04-01")
    comment = " ".join(line.lstrip("#").strip() for line in catalog.header_comment.splitlines())
    assert "msgctxt says where the text is" in comment
    assert "{placeholder}" in comment and "Room:" in comment
    assert "Russian has 3 forms" in comment
    assert "msgstr[0] for 1, 21, 31, 41, 51, 61..." in comment
    assert "msgstr[1] for 2, 3, 4, 22, 23, 24..." in comment
    ja = po_path(small, "ja").read_text(encoding="utf-8")
    assert "Japanese has one form: write msgstr[0] only" in ja
    before = {lang: po_path(small, lang).read_bytes() for lang in ("ru", "ja")}
    assert run("update", small, "-l", "ru", "-l", "ja").exit_code == 0  # changes nothing
    assert {lang: po_path(small, lang).read_bytes() for lang in ("ru", "ja")} == before


def test_spanish_third_form_is_explained_as_whole_millions():
    assert plural_examples("es")[1][:2] == [1_000_000, 2_000_000]
    text = (po_path(SAMPLE, "es")).read_text(encoding="utf-8")
    assert "msgstr[1] for 1 000 000, 2 000 000... (whole millions: '1 millón de" in text


def test_a_translators_revision_date_is_kept_by_update(small):
    assert run("init", small, "-l", "ja").exit_code == 0
    path = po_path(small, "ja")
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"PO-Revision-Date: 2023-04-01 00:00+0000\\n"',
        '"PO-Revision-Date: 2024-02-03 10:20+0900\\n"'), encoding="utf-8")
    assert run("update", small, "-l", "ja").exit_code == 0
    assert '"PO-Revision-Date: 2024-02-03 10:20+0900\\n"' in path.read_text(encoding="utf-8")
