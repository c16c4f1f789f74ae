"""`posters gallery`: one line on success; a clear message and exit 1 without a report."""

from __future__ import annotations

from click.testing import CliRunner

from posters.commands.gallery import gallery


def test_command_writes_the_gallery_and_says_how_much_it_rendered(campaign_out):
    runner = CliRunner()
    first = runner.invoke(gallery, [str(campaign_out), "--jobs", "1"])
    assert first.exit_code == 0, first.output
    assert first.output == (f"{campaign_out / 'index.html'}: 4 outputs, 4 previews rendered "
                            "(4 full-size pages)\n")
    again = runner.invoke(gallery, [str(campaign_out)])
    assert again.output.endswith(": 4 outputs, 0 previews rendered\n")


def test_command_without_pages_makes_thumbnails_only(campaign_out):
    result = CliRunner().invoke(gallery, [str(campaign_out), "--no-pages"])
    assert result.output.endswith(": 4 outputs, 4 previews rendered\n"), result.output
    assert sorted(p.name.rsplit("-", 1)[1] for p in (campaign_out / ".previews").glob(
        "*.png")) == ["thumb.png"] * 4


def test_command_without_report_fails_cleanly(tmp_path):
    result = CliRunner().invoke(gallery, [str(tmp_path)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "no build report; run `posters build` first" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "index.html").exists()
