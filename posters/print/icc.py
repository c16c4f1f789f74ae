"""Where the ICC profiles come from.

The default CMYK output profile is the FOGRA39 (ISO coated offset) profile that posters
ships, built from Fogra's registered characterization data (``profiles/README.md``). It
is a generic profile of that standard condition: a print shop's own profile or another
named condition is configured per campaign (``print.profile``, ``print.condition``).
"""

from __future__ import annotations

from pathlib import Path

GHOSTSCRIPT_PROFILES = Path("/usr/share/color/icc/ghostscript")  # Debian's libgs-common


class ProfileNotFound(FileNotFoundError):
    pass


def default_cmyk_profile() -> Path:
    from posters.print.conditions import CONDITIONS, DEFAULT_CONDITION, bundled_profile

    path = bundled_profile(CONDITIONS[DEFAULT_CONDITION].profile or "")
    if not path.is_file():
        raise ProfileNotFound(f"posters' own FOGRA39 profile is missing ({path}); "
                              "reinstall posters")
    return path


def profile_description(data: bytes) -> str:
    """The profile's description tag, for OutputIntent /Info. Reading it takes LittleCMS
    (PIL.ImageCms: 30 ms to import and parse) in every process that loads a campaign, so
    it is remembered in the check cache by the profile's bytes and Pillow's version."""
    import io

    import PIL

    from posters.schema.checked import RememberedFindings

    remembered = RememberedFindings("ICC profile description", data, [PIL.__version__])
    known = remembered.recall()
    if isinstance(known, str) and known:
        return known
    from PIL import ImageCms

    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
        description = (profile.profile.profile_description or "").strip()
    except (OSError, ImageCms.PyCMSError):
        description = ""
    description = description or "ICC output profile"
    remembered.remember(description)
    return description


def profile_colour_space(data: bytes) -> str:
    """'CMYK', 'RGB ', 'GRAY' as in the ICC header (bytes 16-19)."""
    return data[16:20].decode("ascii", errors="replace").strip()
