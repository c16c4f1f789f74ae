from __future__ import annotations

import time

from click.testing import CliRunner
from fontTools.ttLib import TTFont

from posters.commands.fonts import fonts
from posters.text import cache
from posters.text.cache import make_instance
from posters.text.install import planned_instances


def test_fonts_lists_files_and_coverage(engine):
    result = CliRunner().invoke(fonts, ["--lang", "ja", "--lang", "fa"])
    assert result.exit_code == 0, result.output
    assert "ja: ok" in result.output and "fa: ok" in result.output
    assert "noto-sans-jp" in result.output and "noto-sans-arabic" in result.output


def test_install_is_idempotent(engine):
    result = CliRunner().invoke(fonts, ["install"])
    assert result.exit_code == 0, result.output
    assert "instancing" not in result.output
    assert result.output.count("  ok ") == len(planned_instances(engine.config))


def test_instances_are_static_with_unique_postscript_names(engine):
    names = set()
    for spec in planned_instances(engine.config):
        font = TTFont(spec.path(engine.fonts.directory), lazy=True)
        assert "fvar" not in font
        names.add(font["name"].getDebugName(6))
        assert font["OS/2"].usWeightClass == (700 if spec.style == "bold" else 400)
    assert len(names) == len(planned_instances(engine.config))


def _small_variable_spec(engine):
    """The planned instance with the smallest variable source, to instance quickly."""
    specs = [s for s in planned_instances(engine.config)
             if "fvar" in TTFont(s.font.path(s.style), lazy=True)]
    return min(specs, key=lambda s: s.font.path(s.style).stat().st_size)


def test_an_instance_keeps_its_source_s_timestamp_so_machines_agree(engine, tmp_path):
    """fontTools stamps head.modified with the time of saving unless told not to: two
    machines that installed the same fonts an hour apart would write different PDFs."""
    spec = _small_variable_spec(engine)
    source = TTFont(spec.font.path(spec.style), lazy=True)
    first = make_instance(spec, tmp_path / "one").read_bytes()
    time.sleep(1.1)  # head.modified counts seconds
    second = make_instance(spec, tmp_path / "two").read_bytes()
    assert first == second
    made = TTFont(tmp_path / "one" / spec.filename, lazy=True)
    assert made["head"].modified == source["head"].modified


def test_an_instance_s_name_changes_with_the_way_it_is_made(engine, monkeypatch):
    """An instance made by an older posters (other bytes, same source) is not reused."""
    spec = _small_variable_spec(engine)
    monkeypatch.setattr(cache, "INSTANCE_FORMAT", cache.INSTANCE_FORMAT + 1)
    again = cache.instance_spec(engine.config, spec.font.id, spec.style)
    assert again.filename != spec.filename
