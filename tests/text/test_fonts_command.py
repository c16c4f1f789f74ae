from __future__ import annotations

from click.testing import CliRunner
from fontTools.ttLib import TTFont

from posters.commands.fonts import fonts
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
