"""Each stream of a finished file is compressed once (#20): the renderer deflates page
content, forms, font programs and ToUnicode maps at the level the finished file wants, and
the PDF/X stage (and the screen finish) writes those bytes as they are, neither inflating
nor deflating them again. Read back with pikepdf (qpdf) and zlib."""

from __future__ import annotations

import shutil
import subprocess
import zlib
from pathlib import Path

import pikepdf
import pytest

from posters.render.settings import FLATE_LEVEL


@pytest.fixture(scope="module")
def rendered_and_finished(tmp_path_factory, engine):
    """(rendered file, finished file) for an Arabic poster's print and screen variants: the
    renderer's bytes caught as they are handed to the finishing step."""
    import posters.build.write as write
    from posters.build import BuildRequest, build
    from tests.conftest import SAMPLE

    out = tmp_path_factory.mktemp("compression")
    caught: list[tuple[Path, Path]] = []

    def catching(finish):  # type: ignore[no-untyped-def]
        def finishing(src, dst, **options):  # type: ignore[no-untyped-def]
            kept = out / f"rendered-{len(caught)}.pdf"
            kept.write_bytes(src)  # the renderer's file, handed over in memory
            finish(src, dst, **options)
            finished = out / f"finished-{len(caught)}.pdf"
            shutil.copyfile(dst, finished)
            caught.append((kept, finished))
        return finishing

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(write, "make_pdfx", catching(write.make_pdfx))
        patch.setattr(write, "finish_screen", catching(write.finish_screen))
        result = build(BuildRequest(SAMPLE, out_dir=out / "build", languages=("ar",),
                                    formats=("poster",), sizes=("jis-b2",),
                                    variants=("print", "screen"), regions=("generic",),
                                    force=True, jobs=1), engine)
    assert not result.failed and len(caught) == 2
    return caught


def _flate_streams(path: Path) -> list[tuple[str, bytes]]:
    """(what it is, its bytes as stored) of each Flate stream outside the XMP metadata,
    the output profile and qpdf's own object and cross-reference streams."""
    found = []
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Stream) or obj.get("/Type") in (
                    "/ObjStm", "/XRef", "/Metadata") or "/N" in obj:
                continue
            filters = obj.get("/Filter")
            names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) \
                else [str(filters)]
            if names == ["/FlateDecode"]:
                kind = str(obj.get("/Subtype", "/Length1" if "/Length1" in obj else "stream"))
                found.append((kind, obj.read_raw_bytes()))
    return found


def test_the_finished_file_keeps_each_stream_as_the_renderer_compressed_it(
        rendered_and_finished):
    for rendered, finished in rendered_and_finished:
        before = _flate_streams(rendered)
        after = {data for _, data in _flate_streams(finished)}
        assert len(before) > 10  # page content, icon forms, font programs, ToUnicode maps
        assert {kind for kind, _ in before} >= {"/Form", "/Length1", "stream"}
        changed = [kind for kind, data in before if data not in after]
        assert not changed, (finished.name, changed)


def test_every_stream_is_compressed_at_the_level_the_file_wants(rendered_and_finished):
    for _, finished in rendered_and_finished:
        streams = _flate_streams(finished)
        assert streams
        for kind, data in streams:
            assert zlib.compress(zlib.decompress(data), FLATE_LEVEL) == data, (finished, kind)


def test_a_stream_filter_written_as_an_array_of_one_is_written_as_its_name(
        rendered_and_finished):
    for rendered, finished in rendered_and_finished:
        assert b"/Filter [ /FlateDecode ]" in rendered.read_bytes()  # ReportLab's form
        with pikepdf.open(finished) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream) and "/Filter" in obj:
                    assert isinstance(obj.Filter, pikepdf.Name), finished.name
        check = subprocess.run(["qpdf", "--check", str(finished)], capture_output=True,
                               text=True)
        assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout
