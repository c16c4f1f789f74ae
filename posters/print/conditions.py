"""Named printing conditions: what a print shop calls the press and paper a file is made for.

A PDF/X output intent names its condition by the identifier of the ICC characterization
data registry (https://www.color.org/registry.xalter) and carries an ICC profile of that
condition. Where a freely redistributable profile exists it ships with posters (see
``profiles/README.md``); for the others the campaign must give the printer's profile.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

REGISTRY = "http://www.color.org"
DEFAULT_CONDITION = "FOGRA39"
PDFX_VERSIONS = {"x-4": "PDF/X-4", "x-1a": "PDF/X-1a:2001"}


@dataclass(frozen=True)
class Condition:
    key: str  # what a campaign writes: print.condition
    identifier: str  # OutputConditionIdentifier, as registered
    name: str  # OutputCondition: the condition described for a person
    profile: str | None = None  # file in posters/print/profiles, None: no free profile
    typical_profile: str = ""  # what the printer's profile is usually called


CONDITIONS: dict[str, Condition] = {c.key: c for c in (
    Condition("FOGRA39", "FOGRA39", "Offset printing, coated paper (ISO 12647-2:2004/Amd 1, "
              "paper type 1 or 2, 115 g/m2): Coated FOGRA39", "FOGRA39.icc",
              "CoatedFOGRA39.icc or ISOcoated_v2_eci.icc"),
    Condition("FOGRA51", "FOGRA51", "Offset printing, premium coated paper (ISO 12647-2:2013, "
              "PC1): PSO Coated v3", None, "PSOcoated_v3.icc (from www.eci.org)"),
    Condition("FOGRA52", "FOGRA52", "Offset printing, wood-free uncoated paper (ISO "
              "12647-2:2013, PC5): PSO Uncoated v3", None, "PSOuncoated_v3_FOGRA52.icc"),
    # the registry's reference name is JCS2011 (Japan Color 2011, sheet-fed, premium
    # coated 127.9 g/m2), not the campaign key JC2011
    Condition("JC2011", "JCS2011", "Japan Color 2011 Coated: sheet-fed offset, coated paper "
              "(ISO 12647-2 based, Japan)", None, "JapanColor2011Coated.icc"),
    Condition("JC200103", "JC200103", "Japan Color 2001 Coated: sheet-fed offset, coated "
              "paper (Japan)", None, "JapanColor2001Coated.icc"),
    Condition("GRACoL2013", "CGATS21-2-CRPC6", "GRACoL 2013: sheet-fed offset, premium coated "
              "paper (CGATS 21-2, CRPC6)", None, "GRACoL2013_CRPC6.icc"),
    Condition("GRACoL2006", "CGATS TR 006", "GRACoL 2006: sheet-fed offset, grade 1 coated "
              "paper (CGATS TR 006)", "CGATS-TR006.icc", "GRACoL2006_Coated1v2.icc"),
    Condition("SWOP", "CGATS TR 003", "SWOP: web offset publication printing, grade 3 coated "
              "paper (CGATS TR 003)", "CGATS-TR003.icc", "SWOP2006_Coated3v2.icc"),
    Condition("SWOP2013", "CGATS21-2-CRPC5", "SWOP 2013: web offset publication printing, "
              "coated #3 (CGATS 21-2, CRPC5)", None, "SWOP2013C3_CRPC5.icc"),
)}
_ALIASES = {"JC11": "JC2011", "JCS2011": "JC2011", "JAPANCOLOR2011": "JC2011",
            "CRPC6": "GRACoL2013", "CRPC5": "SWOP2013", "CGATS TR 003": "SWOP",
            "CGATS TR 006": "GRACoL2006", "PSOCOATEDV3": "FOGRA51", "PSOUNCOATEDV3": "FOGRA52"}


class ConditionError(ValueError):
    """A condition that cannot be used as given; the message says what to do."""


def find_condition(text: str) -> Condition | None:
    wanted = text.strip()
    by_upper = {key.upper(): key for key in CONDITIONS}
    key = by_upper.get(wanted.upper()) or _ALIASES.get(wanted.upper().replace("_", " ")) \
        or _ALIASES.get(wanted.upper().replace(" ", "").replace("_", ""))
    return CONDITIONS.get(key) if key else None


def bundled_profile(name: str) -> Path:
    # resources.files("posters.print") / "profiles": the package's folder, as its loader
    # found it (without importing importlib.resources and its readers)
    return Path(__file__).parent / "profiles" / name


@dataclass(frozen=True)
class OutputIntent:
    """What a print PDF's output intent says and embeds, and the profile colours are
    converted through."""

    identifier: str
    condition: str  # OutputCondition
    registry: str | None  # RegistryName: only for a registered identifier
    profile: Path
    info: str  # /Info: the profile, described for what it is
    bundled: bool  # posters' own free profile, not the printer's

    def describe(self) -> str:
        source = ("the free profile posters ships (a generic profile of the standard "
                  "condition, not your printer's)" if self.bundled
                  else f"the printer's profile {self.profile.name}")
        return f"{self.identifier}: {self.condition}; profile: {source}"


@functools.lru_cache(maxsize=32)
def resolve(condition: str | None, profile: Path | None) -> OutputIntent:
    """The output intent for a campaign's ``print.condition`` and ``print.profile``
    (either may be absent; neither: FOGRA39 with its free profile)."""
    from posters.print.icc import profile_description

    known = find_condition(condition) if condition else None
    if condition and known is None:
        names = ", ".join(CONDITIONS)
        raise ConditionError(f"unknown printing condition {condition!r}; name one of {names}, "
                             "or give your printer's profile as print.profile (its own "
                             "condition name then goes in print.condition only if it is "
                             "registered at www.color.org)")
    if profile is not None:
        description = profile_description(Path(profile).read_bytes())
        if known is not None:
            return OutputIntent(known.identifier, known.name, REGISTRY, Path(profile),
                                description, bundled=False)
        # a printer's own condition: named by its profile, not registered
        return OutputIntent(description, description, None, Path(profile), description,
                            bundled=False)
    known = known or CONDITIONS[DEFAULT_CONDITION]
    if known.profile is None:
        raise ConditionError(
            f"printing condition {known.key} ({known.name}) has no freely redistributable "
            f"ICC profile: ask your printer for theirs (usually {known.typical_profile}), "
            "put it in the campaign folder and name it as print.profile")
    path = bundled_profile(known.profile)
    return OutputIntent(known.identifier, known.name, REGISTRY, path,
                        profile_description(path.read_bytes()), bundled=True)
