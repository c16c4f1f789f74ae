"""`posters check` on a build's folder agrees with the build: the same files pass, with the
same errors and warnings (the build's fast checks are a subset of check's)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from posters.cli import main

# Findings the build makes from the page layout rather than from the written file (the
# contrast of each text against its background, PF120): `posters check` has only the file.
FROM_THE_LAYOUT = {"PF120"}


def test_check_on_the_build_folder_agrees_with_the_build(sample_build):
    built = {str(r.output.path): r for r in sample_build.results if r.status == "built"}
    assert built and not sample_build.failed
    folder = next(iter(built.values())).output.path.parents[1]
    result = CliRunner().invoke(main, ["check", "--json", str(folder)])
    report = json.loads(result.output)
    checked = {entry["file"]: entry for entry in report["files"]}
    assert set(built) <= set(checked)
    for path, output in built.items():
        from_build = {(f.code, str(f.level)) for f in output.findings
                      if f.code not in FROM_THE_LAYOUT}
        from_check = {(f["code"], f["level"]) for f in checked[path]["findings"]
                      if f["level"] != "info"}
        assert checked[path]["errors"] == 0, (path, checked[path]["findings"][:3])
        assert from_build == from_check, path
    assert result.exit_code == 0
