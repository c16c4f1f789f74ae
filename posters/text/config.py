"""The font configuration (fonts/fonts.yaml) as frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

DEFAULT_CONFIG = Path(__file__).resolve().parents[2] / "fonts" / "fonts.yaml"
STYLES = ("regular", "bold")


class FontConfigError(Exception):
    """fonts.yaml is malformed or names something that does not exist."""


@dataclass(frozen=True)
class FontSource:
    id: str
    package: str
    file: str

    def path(self) -> Path:
        """The variable font file inside its installed package."""
        try:
            root = resources.files(self.package)
        except ModuleNotFoundError as exc:
            raise FontConfigError(
                f"font {self.id}: package {self.package!r} is not installed"
                f" (pip install {self.package.replace('_', '-')})"
            ) from exc
        return Path(str(root.joinpath(self.file)))


@dataclass(frozen=True)
class LanguageSetup:
    lang: str
    locale: str
    hb_language: str
    rtl: bool
    line_height: float
    stack: tuple[str, ...]
    keep_all: bool = False


@dataclass(frozen=True)
class FontConfig:
    styles: dict[str, dict[str, float]]
    fonts: dict[str, FontSource]
    languages: dict[str, LanguageSetup]

    def language(self, lang: str) -> LanguageSetup:
        try:
            return self.languages[lang]
        except KeyError:
            known = ", ".join(self.languages)
            raise FontConfigError(f"no font setup for language {lang!r} (known: {known})") from None


def load_config(path: Path | None = None) -> FontConfig:
    path = path or DEFAULT_CONFIG
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    try:
        styles = {name: {k: float(v) for k, v in data["styles"][name].items()} for name in STYLES}
        fonts = {
            fid: FontSource(fid, str(spec["package"]), str(spec["file"]))
            for fid, spec in data["fonts"].items()
        }
        languages = {}
        for lang, spec in data["languages"].items():
            stack = tuple(spec["stack"])
            for fid in stack:
                if fid not in fonts:
                    raise FontConfigError(f"{path}: language {lang}: unknown font {fid!r}")
            direction = spec.get("direction", "ltr")
            if direction not in ("ltr", "rtl"):
                raise FontConfigError(f"{path}: language {lang}: direction must be ltr or rtl")
            languages[lang] = LanguageSetup(
                lang=lang,
                locale=str(spec["locale"]),
                hb_language=str(spec.get("hb_language", lang)),
                rtl=direction == "rtl",
                line_height=float(spec["line_height"]),
                stack=stack,
                keep_all=bool(spec.get("keep_all", False)),
            )
    except (KeyError, TypeError, ValueError) as exc:
        raise FontConfigError(f"{path}: malformed font configuration: {exc!r}") from exc
    return FontConfig(styles=styles, fonts=fonts, languages=languages)
