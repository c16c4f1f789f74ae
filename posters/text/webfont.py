"""A configured font as a CSS ``@font-face`` rule: subset to the characters an HTML page
shows and embedded as a data URL, so that a page (the HTML edition, the proof gallery)
draws every script with the posters' own fonts and loads nothing from elsewhere."""

from __future__ import annotations

import base64
from collections.abc import Iterable

from posters.text.cache import instance_spec
from posters.text.config import FontConfig, FontConfigError

WEIGHTS = {"regular": 400, "bold": 700}  # CSS weights of the configured styles


def load_face(font_id: str, config: FontConfig, style: str):  # type: ignore[no-untyped-def]
    """The font's prepared instance as a HarfBuzz face; None when it is not installed
    (`posters fonts install`) or not configured."""
    import uharfbuzz as hb

    try:
        path = instance_spec(config, font_id, style).path()
    except (OSError, FontConfigError, KeyError):
        return None
    if not path.is_file():
        return None
    return hb.Face(hb.Blob.from_file_path(str(path)))


def face_rule(face, family: str, style: str,  # type: ignore[no-untyped-def]
              codepoints: Iterable[int]) -> str | None:
    """The ``@font-face`` rule of ``face`` subset to ``codepoints``; None when HarfBuzz
    cannot subset it (a damaged file in the font cache: the system's fonts draw it)."""
    import uharfbuzz as hb

    wanted = hb.SubsetInput()
    wanted.sets(hb.SubsetInputSets.UNICODE).update(codepoints)
    try:
        subset = hb.subset(face, wanted).blob.data
    except RuntimeError:
        return None
    data = base64.b64encode(subset).decode("ascii")
    return (f'@font-face {{ font-family: "{family}"; font-weight: {WEIGHTS[style]}; '
            f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}\n')
