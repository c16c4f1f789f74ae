"""One build of the sample campaign shared by the print tests: every format in the print
and screen variants, for languages in three very different scripts."""

from __future__ import annotations

from pathlib import Path

LANGUAGES = ("en", "ar", "my")


def build_sample(out: Path, engine, **changes):  # type: ignore[no-untyped-def]
    from posters.build import BuildRequest, build
    from tests.conftest import SAMPLE

    options = dict(out_dir=out, languages=LANGUAGES, variants=("print", "screen"),
                   regions=("generic",))
    options.update(changes)
    result = build(BuildRequest(SAMPLE, **options), engine)
    return result
