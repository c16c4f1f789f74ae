"""A damaged font cache: refused before any parser sees it, named, and remade by
`posters fonts install`; never gigabytes of memory, never "internal error"."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from posters.text.cache import DamagedFontError, verify_instance

from .conftest import ROOT, assert_user_error, run_posters

SAMPLE = ROOT / "content" / "tip-2023"


def thai_regular(cache: Path) -> Path:
    """The Thai instance this posters uses (a cache may also hold an older posters')."""
    from posters.text.cache import instance_spec
    from posters.text.config import load_config

    return instance_spec(load_config(), "noto-sans-thai", "regular").path(cache)


def flip_bytes(path: Path, count: int = 500, seed: int = 1) -> None:
    """Damage a file the way a bad disk would: bytes flipped, the same size."""
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    for _ in range(count):
        data[rng.randrange(len(data))] ^= 0xFF
    path.write_bytes(bytes(data))


def build_thai(out: Path, cache: Path):  # type: ignore[no-untyped-def]
    return run_posters("build", SAMPLE, "--lang", "th", "--format", "poster", "--size",
                       "jis-b2", "--region", "generic", "--out", out, "--no-gallery",
                       "--jobs", "1", env={"POSTERS_FONT_CACHE": str(cache)})


@pytest.mark.parametrize("recorded", [True, False], ids=["recorded", "legacy-unrecorded"])
def test_a_font_with_flipped_bytes_is_refused_with_its_name(font_cache: Path, tmp_path: Path,
                                                            recorded: bool) -> None:
    """Required: exit 1, the damaged file's path and 'posters fonts install'; once it took
    a build past 14 GB of memory. Both for an instance the cache has a record of (the
    SHA-256 differs) and for one made before records (its table checksums fail)."""
    font = thai_regular(font_cache)
    record = font.with_name(font.name + ".sha256")
    if recorded:
        verify_instance(font)  # an intact instance gets its record
        assert record.is_file()
    else:
        record.unlink(missing_ok=True)
    size = font.stat().st_size
    flip_bytes(font)
    assert font.stat().st_size == size
    run = build_thai(tmp_path / "out", font_cache)
    assert_user_error(run, str(font), "damaged", "posters fonts install")
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_a_truncated_font_is_refused(font_cache: Path, tmp_path: Path) -> None:
    """Required: exit 1 naming the file cut in half."""
    font = thai_regular(font_cache)
    font.with_name(font.name + ".sha256").unlink(missing_ok=True)
    font.write_bytes(font.read_bytes()[: font.stat().st_size // 2])
    assert_user_error(build_thai(tmp_path / "out", font_cache), str(font), "damaged")


def test_a_font_that_is_not_a_font_is_refused(font_cache: Path) -> None:
    """Required: DamagedFontError, not a HarfBuzz or ReportLab failure."""
    font = thai_regular(font_cache)
    font.with_name(font.name + ".sha256").unlink(missing_ok=True)
    font.write_bytes(b"<html>not a font</html>" * 100)
    with pytest.raises(DamagedFontError, match="not a TrueType or OpenType font"):
        verify_instance(font)


def test_a_missing_font_is_a_message(font_cache: Path, tmp_path: Path) -> None:
    """Required: exit 1 with 'posters fonts install' (once a ValueError traceback)."""
    thai_regular(font_cache).unlink()
    assert_user_error(build_thai(tmp_path / "out", font_cache), "posters fonts install")


def test_fonts_install_remakes_a_damaged_instance(font_cache: Path) -> None:
    """Required: `posters fonts install` finds the damaged instance and makes it again, so
    the next check passes."""
    from posters.text.install import install

    font = thai_regular(font_cache)
    verify_instance(font)
    flip_bytes(font)
    with pytest.raises(DamagedFontError):
        verify_instance(font)
    lines: list[str] = []
    install(directory=font_cache, jobs=1, echo=lines.append)
    assert any("made" in line and font.name in line for line in lines), lines
    verify_instance(font)  # intact again


def test_the_genuine_cache_passes() -> None:
    """Required: every instance of the real cache verifies (no false alarm)."""
    from posters.text.cache import _checksums_problem, cache_dir

    for font in sorted(cache_dir().glob("*.ttf")):
        assert _checksums_problem(font.read_bytes()) is None, font


def test_a_recorded_instance_is_verified_without_holding_it_in_memory(tmp_path: Path) -> None:
    """A 10 MB CJK instance is hashed as it is read, not read whole into memory first."""
    import shutil
    import tracemalloc

    from posters.text.cache import instance_spec
    from posters.text.config import load_config

    # the instance this posters uses (a cache may also hold those of an older posters)
    source = instance_spec(load_config(), "noto-sans-sc", "regular").path()
    font = tmp_path / source.name
    shutil.copyfile(source, font)
    shutil.copyfile(source.with_name(source.name + ".sha256"),
                    font.with_name(font.name + ".sha256"))
    tracemalloc.start()
    try:
        verify_instance(font)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000, f"{peak} bytes to verify a {font.stat().st_size}-byte font"
