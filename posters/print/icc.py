"""Where the ICC profiles come from.

The default CMYK output profile is Ghostscript's generic "Artifex CMYK SWOP Profile"
(``default_cmyk.icc``), shipped by Debian's ``libgs-common`` (pulled in by ``ghostscript``).
It is a generic coated-paper profile: a print shop's own profile (FOGRA39, Japan Color
2001 Coated, ...) should be configured per campaign when the shop supplies one.
"""

from __future__ import annotations

import glob
from pathlib import Path

_CANDIDATES = (
    "/usr/share/color/icc/ghostscript/default_cmyk.icc",  # Debian, Ubuntu (libgs-common)
    "/usr/share/ghostscript/*/iccprofiles/default_cmyk.icc",  # Fedora, Arch, source builds
    "/usr/local/share/ghostscript/*/iccprofiles/default_cmyk.icc",
    "/opt/homebrew/share/ghostscript/*/iccprofiles/default_cmyk.icc",
)


class ProfileNotFound(FileNotFoundError):
    pass


def default_cmyk_profile() -> Path:
    for pattern in _CANDIDATES:
        for hit in sorted(glob.glob(pattern)):
            return Path(hit)
    raise ProfileNotFound(
        "no CMYK output profile: install Ghostscript's profiles (Debian/Ubuntu: "
        "apt-get install libgs-common, which ghostscript pulls in) or set the campaign's "
        "ICC profile to the file your print shop supplies"
    )


def profile_description(data: bytes) -> str:
    """The profile's description tag, for OutputIntent /Info."""
    import io

    from PIL import ImageCms

    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
        return (profile.profile.profile_description or "").strip() or "ICC output profile"
    except (OSError, ImageCms.PyCMSError):
        return "ICC output profile"


def profile_colour_space(data: bytes) -> str:
    """'CMYK', 'RGB ', 'GRAY' as in the ICC header (bytes 16-19)."""
    return data[16:20].decode("ascii", errors="replace").strip()
