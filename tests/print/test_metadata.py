"""What a prepress operator reads about each file: metadata, subset names, links, modes."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from collections import defaultdict

import pikepdf
import pytest

from posters.build import BuildRequest, build
from posters.preflight.content import Interpreter
from posters.schema.phone import tel_uri
from tests.conftest import SAMPLE


def _info_and_xmp(path):
    with pikepdf.open(path) as pdf:
        info = {k: str(v) for k, v in pdf.docinfo.items()}
        meta = pdf.open_metadata()
        xmp = {key: meta.get(key) for key in ("dc:title", "dc:creator", "dc:description",
                                              "dc:language", "xmp:CreateDate",
                                              "pdf:Keywords")}
        return info, xmp, str(pdf.Root.get("/Lang", ""))


def test_metadata_is_complete_and_agrees_between_info_and_xmp(sample_build):
    paths = sample_build.paths("built")
    titles = set()
    for path in paths:
        info, xmp, lang = _info_and_xmp(path)
        fmt = path.stem.split("-")[0]
        assert fmt in info["/Title"], (path.name, info["/Title"])  # the title names the format
        assert xmp["dc:title"] == info["/Title"]
        assert info["/Author"] and list(xmp["dc:creator"]) == [info["/Author"]]
        assert info["/Subject"] and xmp["dc:description"] == info["/Subject"]
        assert xmp["pdf:Keywords"] == info["/Keywords"]
        assert list(xmp["dc:language"]) == [lang] and lang
        assert info["/CreationDate"] != "D:20000101000000+00'00'"
        assert xmp["xmp:CreateDate"].replace("-", "").replace(":", "")[:15] == \
            info["/CreationDate"][2:16].replace("+", "")[:8] + "T" + info["/CreationDate"][10:16]
        titles.add(info["/Title"])
    assert len(titles) == len(paths) - len([p for p in paths if p.stem.endswith("-screen")])


def test_dates_come_from_the_campaign_or_source_date_epoch(tmp_path, engine, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1677628800")  # 2023-03-01
    result = build(BuildRequest(SAMPLE, out_dir=tmp_path, languages=("en",),
                                formats=("card",), regions=("generic",),
                                variants=("print", "screen")), engine)
    for path in result.paths("built"):
        info, xmp, _ = _info_and_xmp(path)
        assert info["/CreationDate"] == "D:20230301000000+00'00'"
        assert xmp["xmp:CreateDate"].startswith("2023-03-01T00:00:00")
    pdfinfo = subprocess.run(["pdfinfo", str(result.paths("built")[0])], capture_output=True,
                             text=True, check=True).stdout
    assert "Author:" in pdfinfo and "Subject:" in pdfinfo


def test_subset_tags_are_unique_and_derived_from_the_subset(sample_build):
    """The same six letters mean the same font program, in every file of the build."""
    programs_by_name: dict[str, set[bytes]] = defaultdict(set)
    for path in sample_build.paths("built"):
        with pikepdf.open(path) as pdf:
            interpreter = Interpreter(pdf)
            list(interpreter.pages())
            for font in interpreter.declared_fonts.values():
                assert re.match(r"^[A-Z]{6}\+", font.base_font), font.base_font
                programs_by_name[font.base_font].add(font.font_file.read_bytes())
    tags = [name.split("+")[0] for name in programs_by_name]
    assert all(len(programs) == 1 for programs in programs_by_name.values())
    assert len(set(tags)) == len(tags) > 5
    assert "AAAAAA" not in tags


@pytest.mark.parametrize("number, uri", [
    ("#9110", "tel:%239110"), ("9110", "tel:9110"), ("0670-012904", "tel:0670012904"),
    ("+81 3-1234-5678", "tel:+81312345678"), ("*123#", "tel:*123%23"),
])
def test_tel_links_follow_rfc_3966(number, uri):
    assert tel_uri(number) == uri


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory, engine):
    result = build(BuildRequest(SAMPLE, out_dir=tmp_path_factory.mktemp("all"),
                                formats=("multilingual",), variants=("print", "screen")),
                   engine)
    assert not result.failed, [str(d) for d in result.diagnostics][:5]
    return result


def test_screen_files_link_every_number_and_are_readable_like_print(sample_build,
                                                                    multilingual):
    paths = sample_build.paths("built") + multilingual.paths("built")
    screens = [p for p in paths if p.stem.endswith("-screen")]
    umask = os.umask(0)
    os.umask(umask)
    for path in paths:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path
    campaign = sample_build.campaign
    # posters.schema.phone makes the links (RFC 3966, with phone-context), the lang branch's
    wanted = {uri for h in campaign.content.hotlines for _, uri in h.links}
    screen = next(p for p in screens if p.parent.name == "all")
    with pikepdf.open(screen) as pdf:
        links = {str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", [])}
    assert wanted <= links
