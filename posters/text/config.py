"""The font configuration (posters/data/fonts.yaml, plus a campaign's own faces) as frozen
dataclasses, and the resolution of a language to its `posters.languages.Language` record.

A language's setup comes from its script (the explicit subtag, or CLDR's likely script)
with the per-language overrides of fonts.yaml on top, and a campaign's own stack in
front. Its direction is the registry's (CLDR): a `direction` written in fonts.yaml is
only checked against it. A font whose file is not on this machine (a Debian-only font
elsewhere) makes the languages that need it unusable, each with a message saying how to
fix it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.machinery import SourceFileLoader
from pathlib import Path

from posters.languages import (
    Language,
    cjk_punctuation,
    cldr_tag,
    direction,
    phrase_model,
    script_direction,
    script_name,
    script_of,
)

DEFAULT_CONFIG = Path(__file__).resolve().parents[1] / "data" / "fonts.yaml"
STYLES = ("regular", "bold")
# Where Debian (and most Linux distributions) install the Noto fonts.
SYSTEM_FONT_DIRS = (
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/noto",
    "/usr/local/share/fonts/noto",
)
LATIN_LIKE = ("Latn", "Cyrl", "Grek")


class FontConfigError(Exception):
    """fonts.yaml is malformed, or a language has no usable font setup."""


@dataclass(frozen=True)
class FontSource:
    """One font: a PyPI package's file, a system (Debian) file, or a campaign's file."""

    id: str
    package: str | None = None
    files: tuple[tuple[str, str], ...] = ()  # (style, file) inside the package or folder
    debian: str | None = None  # the Debian package that ships a system font
    campaign_file: bool = False  # files are absolute paths inside a campaign folder

    @property
    def file(self) -> str:
        return dict(self.files)["regular"]

    def file_for(self, style: str) -> str:
        files = dict(self.files)
        return files.get(style) or files["regular"]

    def path(self, style: str = "regular") -> Path:
        """The font file for a style (a variable font serves every style)."""
        name = self.file_for(style)
        if self.package:
            root = _package_root(self.package)
            if root is None:
                raise FontConfigError(
                    f"font {self.id}: package {self.package!r} is not installed"
                    f" (pip install {self.package.replace('_', '-')})"
                )
            return root / name
        if self.campaign_file:
            return Path(name)
        for folder in _system_dirs():
            candidate = Path(folder) / name
            if candidate.is_file():
                return candidate
        raise FontConfigError(
            f"font {self.id}: {name} is not installed"
            + (f" (Debian/Ubuntu: apt-get install {self.debian})" if self.debian else "")
        )

    def unavailable(self) -> str | None:
        """Why the font cannot be used on this machine, or None."""
        try:
            for style in STYLES:
                if not self.path(style).is_file():
                    return f"font {self.id}: {self.path(style)} not found"
        except FontConfigError as exc:
            return str(exc)
        return None


@cache
def _package_root(package: str) -> Path | None:
    """Where an installed font package's files are (asked once per process: a campaign's
    check asks for every font of every language), or None when it is not installed."""
    from importlib.util import find_spec

    try:
        spec = find_spec(package)
    except ModuleNotFoundError:
        return None
    if spec is None:
        return None
    if spec.origin and spec.submodule_search_locations is not None \
            and isinstance(spec.loader, SourceFileLoader):
        # what resources.files(package) gives a package in a folder (its loader's
        # FileReader), without importing importlib.resources and its readers
        return Path(spec.origin).parent
    from importlib import resources

    return Path(str(resources.files(package)))


def _system_dirs() -> tuple[str, ...]:
    extra = os.environ.get("POSTERS_SYSTEM_FONT_DIRS")
    return tuple(extra.split(os.pathsep)) if extra else SYSTEM_FONT_DIRS


@dataclass(frozen=True)
class ScriptSetup:
    script: str
    stack: tuple[str, ...]
    line_height: float


@dataclass(frozen=True)
class CampaignFonts:
    """A campaign's own faces and stacks (campaign.yaml `fonts:`), and the Babel locale
    whose rules each language that Babel does not know follows (`campaign.locales:`)."""

    faces: tuple[FontSource, ...] = ()
    stacks: tuple[tuple[str, tuple[str, ...]], ...] = ()  # lang (or "*") -> face ids
    scripts: tuple[tuple[str, str], ...] = ()  # lang -> script, for languages Babel lacks


@dataclass(frozen=True)
class FontConfig:
    styles: dict[str, dict[str, float]]
    fonts: dict[str, FontSource]
    languages: dict[str, Language]  # fully written setups (fonts.yaml `languages`)
    scripts: dict[str, ScriptSetup] = field(default_factory=dict)
    overrides: dict[str, dict] = field(default_factory=dict)
    fallbacks: dict[str, tuple[str, ...]] = field(default_factory=dict)
    modern: tuple[str, ...] = ()
    campaign: CampaignFonts = CampaignFonts()

    def language(self, lang: str) -> Language:
        """The setup of a language; FontConfigError (saying how to fix it) when it has
        none that works on this machine."""
        setup = self.resolve(lang)
        problem = self.unusable(setup)
        if problem:
            fallback = self.fallbacks.get(lang)
            if fallback and not any(self.fonts[f].unavailable() for f in fallback):
                return replace(setup, stack=self._with_campaign(lang, fallback))
            raise FontConfigError(self.explain(lang, setup.script, problem))
        return setup

    def resolve(self, lang: str) -> Language:
        """The configured setup of a language, whether or not its fonts are here."""
        if lang in self.languages and not self.campaign.scripts:
            setup = self.languages[lang]
            return replace(setup, stack=self._with_campaign(lang, setup.stack))
        return self.derive(lang)

    def derive(self, lang: str) -> Language:
        """A setup from the language's script and its overrides."""
        script = script_of(lang, dict(self.campaign.scripts))
        base = self.scripts.get(script)
        if base is None and (lang in dict(self.campaign.stacks)):
            # a script without a stock stack, set with the campaign's own faces
            base = ScriptSetup(script, ("noto-sans",), 1.4)
        if base is None:
            raise FontConfigError(self.explain(lang, script, "no font stack is configured for "
                                                             f"the {script_name(script)} script"))
        spec = self.overrides.get(lang, {})
        stack = tuple(spec.get("stack", base.stack))
        return _language(lang, script, spec, float(spec.get("line_height", base.line_height)),
                         self._with_campaign(lang, stack) if self.campaign.stacks else stack)

    def _with_campaign(self, lang: str, stack: tuple[str, ...]) -> tuple[str, ...]:
        stacks = dict(self.campaign.stacks)
        own = stacks.get(lang, stacks.get("*", ()))
        return tuple(own) + tuple(f for f in stack if f not in own)

    def unusable(self, setup: Language) -> str | None:
        for fid in setup.stack:
            font = self.fonts.get(fid)
            if font is None:
                return f"its stack names the unknown font {fid!r}"
            why = font.unavailable()
            if why:
                return why
        return None

    def explain(self, lang: str, script: str, problem: str) -> str:
        scripts = script_name(script)
        if script not in LATIN_LIKE:
            scripts += " and Latin (Latn) for numbers and web addresses"
        return (f"language {lang!r} has no usable font setup: {problem}. It needs fonts for "
                f"{scripts}. Install the font (see README, Fonts), or give the campaign a "
                f"stack of its own: a TrueType file in the campaign folder under "
                f"`fonts: faces:` and `fonts: stacks: {{{lang}: [your-face]}}` in "
                "campaign.yaml (docs/fonts.md)")

    def available_languages(self, langs) -> list[str]:
        out = []
        for lang in langs:
            try:
                self.language(lang)
            except FontConfigError:
                continue
            out.append(lang)
        return out

    def with_campaign(self, campaign: CampaignFonts) -> FontConfig:
        fonts = dict(self.fonts)
        for face in campaign.faces:
            fonts[face.id] = face
        return replace(self, fonts=fonts, campaign=campaign)

    def used_fonts(self) -> list[str]:
        """Every font id some stack names (what `posters fonts install` instances)."""
        ids: dict[str, None] = {}
        for setup in self.languages.values():
            ids.update(dict.fromkeys(setup.stack))
        for s in self.scripts.values():
            ids.update(dict.fromkeys(s.stack))
        for spec in self.overrides.values():
            ids.update(dict.fromkeys(spec.get("stack", ())))
        for stack in self.fallbacks.values():
            ids.update(dict.fromkeys(stack))
        for face in self.campaign.faces:
            ids[face.id] = None
        return sorted(ids)


def load_config(path: Path | None = None) -> FontConfig:
    """The font configuration in ``path`` (fonts.yaml by default). Read once per process
    and file state: a build asks for it several times (the campaign's check, the text
    engine, the gallery), and reading it costs 0.1 s. Treat the result as frozen."""
    path = Path(path or DEFAULT_CONFIG)
    try:
        stat = path.stat()
        state = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return _read_config(path)  # says the file is missing, as reading it would
    cached = _loaded.get(state)
    if cached is None:
        cached = _loaded[state] = _read_config(path)
    return cached


_loaded: dict[tuple[str, int, int], FontConfig] = {}


def _read_config(path: Path) -> FontConfig:
    from posters.schema.source import yaml_data  # libyaml's, remembered in the user cache

    with open(path, encoding="utf-8") as fh:
        data = yaml_data(fh.read())
    try:
        styles = {name: {k: float(v) for k, v in data["styles"][name].items()} for name in STYLES}
        fonts = {fid: _font_source(fid, spec) for fid, spec in data["fonts"].items()}

        def check_stack(owner: str, stack) -> tuple[str, ...]:
            stack = tuple(stack)
            for fid in stack:
                if fid not in fonts:
                    raise FontConfigError(f"{path}: {owner}: unknown font {fid!r}")
            return stack

        scripts = {}
        for code, spec in (data.get("scripts") or {}).items():
            _check_direction(path, f"script {code}", spec, script_direction(code))
            scripts[code] = ScriptSetup(code, check_stack(f"script {code}", spec["stack"]),
                                        float(spec["line_height"]))
        languages, overrides, fallbacks = {}, {}, {}
        for lang, spec in (data.get("languages") or {}).items():
            spec = dict(spec or {})
            if "stack" in spec:
                spec["stack"] = check_stack(f"language {lang}", spec["stack"])
            if "fallback" in spec:
                fallbacks[lang] = check_stack(f"language {lang}", spec.pop("fallback"))
            if "direction" in spec:
                _check_direction(path, f"language {lang}", spec, direction(lang))
            if {"locale", "line_height", "stack"} <= set(spec) and not scripts:
                # the old, fully written form (every language spelt out)
                languages[lang] = _language(lang, script_of(lang), spec,
                                            float(spec["line_height"]), spec["stack"])
            else:
                overrides[lang] = spec
        modern = tuple(str(x) for x in data.get("modern") or ())
        extra = tuple(str(x) for x in data.get("extra") or ())
        config = FontConfig(styles=styles, fonts=fonts, languages=languages, scripts=scripts,
                            overrides=overrides, fallbacks=fallbacks, modern=modern)
        if scripts:
            # every language named here gets its setup written out (for listings; any
            # other tag is resolved when asked for)
            for lang in dict.fromkeys((*modern, *extra, *overrides)):
                languages[lang] = config.derive(lang)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise FontConfigError(f"{path}: malformed font configuration: {exc!r}") from exc
    return config


def _font_source(fid: str, spec: dict) -> FontSource:
    if "file" in spec:
        files = (("regular", str(spec["file"])),)
    else:
        files = tuple((style, str(spec["files"][style])) for style in STYLES
                      if style in spec["files"])
    return FontSource(fid, spec.get("package"), files, spec.get("debian"))


def _language(lang: str, script: str, spec: dict, line_height: float,
              stack: tuple[str, ...]) -> Language:
    """The registry's record of a language, with fonts.yaml's setup for it."""
    return Language(
        lang=lang,
        script=script,
        direction=direction(lang, script),
        cldr=cldr_tag(lang),
        icu_locale=str(spec.get("locale", lang.replace("-", "_"))),
        hb_language=str(spec.get("hb_language", lang)),
        line_height=line_height,
        stack=tuple(stack),
        keep_all=bool(spec.get("keep_all", False)),
        phrase_model=phrase_model(lang),
        cjk_punctuation=cjk_punctuation(lang),
    )


def _check_direction(path: Path, owner: str, spec: dict, cldr: str) -> None:
    """fonts.yaml may say a direction, for readers of the file; never one CLDR denies."""
    if "direction" not in spec:
        return
    said = spec["direction"]
    if said not in ("ltr", "rtl"):
        raise FontConfigError(f"{path}: {owner}: direction must be ltr or rtl")
    if said != cldr:
        raise FontConfigError(
            f"{path}: {owner}: direction {said} contradicts CLDR, which writes it {cldr}; "
            "remove the key: the direction of a language comes from CLDR "
            "(posters.languages.direction)")
