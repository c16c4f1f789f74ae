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


def test_instances_this_posters_no_longer_makes_are_said_and_removed_on_request(
        engine, tmp_path):
    """After an upgrade (another INSTANCE_FORMAT) or a font package's update the cache
    keeps the old instances: `posters fonts install` says how many and how large, and
    removes them, with their records, only with --prune; nothing else is touched."""
    from posters.text.install import install

    specs = planned_instances(engine.config)
    for spec in specs:  # this posters' instances, as installed
        source = spec.path(engine.fonts.directory)
        (tmp_path / spec.filename).symlink_to(source)
        record = source.with_name(source.name + cache.RECORD_SUFFIX)
        (tmp_path / record.name).write_bytes(record.read_bytes())
    old = tmp_path / f"{specs[0].font.id}-{specs[0].style}-{'0' * 16}.ttf"
    old.write_bytes(b"an older posters' instance")
    old_record = old.with_name(old.name + cache.RECORD_SUFFIX)
    old_record.write_text("{}")
    kept = [tmp_path / "not-a-configured-font-regular-0000000000000000.ttf",
            tmp_path / f"{specs[0].font.id}-{specs[0].style}-copy.ttf"]
    for path in kept:
        path.write_bytes(b"not ours to remove")

    said: list[str] = []
    install(engine.config, tmp_path, jobs=1, echo=said.append)
    assert [line for line in said if "stale" in line] == [
        "  stale    1 instance(s) this posters no longer makes (0 MiB: an older "
        "posters', or of a font file since updated); `posters fonts install --prune` "
        "removes them"]
    assert not any("made " in line for line in said)
    assert old.exists()

    said.clear()
    install(engine.config, tmp_path, jobs=1, echo=said.append, remove_stale=True)
    assert any(line.startswith("  removed  1 instance(s)") for line in said), said
    assert not old.exists() and not old_record.exists()
    assert all(path.exists() for path in kept)
    assert all((tmp_path / spec.filename).exists() for spec in specs)


def test_prune_goes_with_install():
    result = CliRunner().invoke(fonts, ["--prune"])
    assert result.exit_code == 2 and "--prune goes with `posters fonts install`" in result.output
