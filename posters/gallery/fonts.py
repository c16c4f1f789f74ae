"""Web fonts for the gallery page, so that a reviewer reads every language's name
(ไทย, ខ្មែរ, မြန်မာ...) without having its fonts installed.

Each font the posters are set in is cut down (HarfBuzz's subsetter, a few milliseconds
even for CJK) to the characters of the page it covers, and embedded as a data: URL.
Text marked with a language of a non-Latin script uses that language's own font stack
first, as its posters do; the rest of the page keeps the system's interface font, with
the embedded fonts as fallbacks for the characters it lacks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from posters.text.config import DEFAULT_CONFIG, FontConfig, FontConfigError, load_config
from posters.text.webfont import WEIGHTS, face_rule, load_face


@dataclass(frozen=True)
class EmbeddedFonts:
    css: str  # @font-face rules and the font-family rules that use them
    families: tuple[str, ...]  # the CSS families defined, e.g. "pf-noto-sans-thai"


def family(font_id: str) -> str:
    return f"pf-{font_id}"


_made: dict[tuple, EmbeddedFonts] = {}  # `posters serve` renders the page on every save


def embedded_fonts(text: str, config: FontConfig | None = None) -> EmbeddedFonts:
    """The fonts for the characters of ``text`` beyond ASCII. Fonts that are not
    installed (``posters fonts install``) are left out: the page then falls back on the
    system's fonts, as it would without this."""
    needed = {ord(c) for c in set(text) if ord(c) > 0x7F and not c.isspace()}
    if not needed:
        return EmbeddedFonts("", ())
    if config is not None:
        return _embedded(needed, config)
    try:
        stat = DEFAULT_CONFIG.stat()
        key = (frozenset(needed), stat.st_mtime_ns, stat.st_size, _cache_state())
    except OSError:
        return EmbeddedFonts("", ())
    if key not in _made:
        from posters.gallery.memo import remembered

        def make() -> list | None:
            try:
                fonts = _embedded(needed, load_config())
            except (OSError, FontConfigError):
                return None
            return [fonts.css, list(fonts.families)]

        # a build is a new process: the fonts of the last build's page are on disk
        made = remembered("fonts", json.dumps([sorted(needed), key[3]]), make)
        if not made:
            return EmbeddedFonts("", ())
        if len(_made) > 32:
            _made.clear()
        _made[key] = EmbeddedFonts(made[0], tuple(made[1]))
    return _made[key]


def _cache_state() -> tuple[str, ...]:
    """The font instances present (``posters fonts install`` adds them)."""
    from posters.text.cache import cache_dir

    directory = cache_dir()
    return tuple(sorted(p.name for p in directory.glob("*.ttf"))) if directory.is_dir() else ()


def _embedded(needed: set[int], config: FontConfig) -> EmbeddedFonts:
    faces: list[str] = []
    families: list[str] = []
    latin = next(iter(config.fonts))  # closes every stack; the interface font does too
    latin_face = load_face(latin, config, "regular")
    beyond_latin = needed - _covered(latin_face, needed) if latin_face else needed
    for font_id in config.fonts:
        # a script's font carries what the Latin font lacks (Han in each CJK font: each
        # draws it its own way), not the punctuation they all have
        chars = needed if font_id == latin else beyond_latin
        rules = [_face(font_id, config, style, chars) for style in WEIGHTS]
        if all(rules):
            faces += rules  # type: ignore[arg-type]
            families.append(family(font_id))
    if not families:
        return EmbeddedFonts("", ())
    quoted = ", ".join(f'"{name}"' for name in families)
    css = ["".join(faces), f"body {{ font-family: system-ui, {quoted}, sans-serif; }}"]
    for lang, setup in config.languages.items():
        own = [family(font_id) for font_id in setup.stack if family(font_id) in families]
        if own and setup.stack[0] != latin:
            rest = [name for name in families if name not in own]
            order = ", ".join(f'"{name}"' for name in [*own, *rest])
            css.append(f':lang({lang}) {{ font-family: {order}, system-ui, sans-serif; }}')
    return EmbeddedFonts("\n".join(css), tuple(families))


def _face(font_id: str, config: FontConfig, style: str, chars: set[int]) -> str | None:
    face = load_face(font_id, config, style)
    covered = _covered(face, chars) if face else set()
    if not covered:
        return None
    return face_rule(face, family(font_id), style, covered)


def _covered(face, chars: set[int]) -> set[int]:  # type: ignore[no-untyped-def]
    available = face.unicodes
    return {cp for cp in chars if cp in available}
