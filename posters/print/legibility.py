"""The smallest type a print file may carry, by format and script (legibility.yaml)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from posters.schema.source import yaml_data
from posters.sizes import PaperSize, paper_size


@dataclass(frozen=True)
class Legibility:
    formats: dict[str, float]
    default: float
    reduced: dict[str, float]  # "format/size": the minimum on a reduced sheet
    marks_extra_pt: float
    marks_scripts: dict[str, tuple[int, int]]
    solid_black_below_pt: float
    qr_distance_ratio: float = 10.0
    # format (or "default") -> (distance in mm, the paper size it holds at)
    qr_scan_distance: dict[str, tuple[float, str]] | None = None
    qr_min_distance_mm: float = 100.0
    scaled: tuple[str, ...] = ()  # formats whose minimum follows the layout's scale down
    scaled_floor_pt: float = 4.8  # ... never below this

    def qr_distance_mm(self, format_name: str, size: PaperSize | None = None
                       ) -> float | None:
        """The distance a format's QR code is scanned from on paper of ``size`` (None: at
        the sheet the format's distance is given for): that distance times the factor at
        which that sheet fits the paper, never under qr_min_distance_mm."""
        table = self.qr_scan_distance or {}
        entry = table.get(format_name, table.get("default"))
        if entry is None:
            return None
        distance, at = entry
        if size is not None:
            reference = paper_size(at)
            short, long = sorted((size.width_mm, size.height_mm))
            short_at, long_at = sorted((reference.width_mm, reference.height_mm))
            distance *= min(short / short_at, long / long_at)
        return max(distance, self.qr_min_distance_mm)

    def min_qr_mm(self, format_name: str, size: PaperSize | None = None) -> float | None:
        """The smallest QR symbol side (without its quiet zone) for the distance the
        format is scanned from at ``size``."""
        distance = self.qr_distance_mm(format_name, size)
        return round(distance / self.qr_distance_ratio, 1) if distance else None

    @functools.cached_property
    def _marks_characters(self) -> re.Pattern[str] | None:
        ranges = "".join(f"{re.escape(chr(first))}-{re.escape(chr(last))}"
                         for first, last in self.marks_scripts.values() if first <= last)
        return re.compile(f"[{ranges}]") if ranges else None

    def marks_script(self, text: str) -> str | None:
        """The first script with stacking marks among the characters of ``text``."""
        found = self._marks_characters.search(text) if self._marks_characters else None
        if found is None:
            return None
        code = ord(found.group())
        return next(name for name, (first, last) in self.marks_scripts.items()
                    if first <= code <= last)

    def minimum(self, format_name: str, text: str = "", size: str = "",
                scale: float = 1.0) -> float:
        """The smallest size in points for ``text`` on ``format_name`` at ``size``, where
        the layout is set at ``scale`` times its reference (LayoutDescription.scale_for).

        A format listed under ``scaled`` printed smaller than its reference is read
        closer: its minimum shrinks with the layout, never below ``scaled_floor_pt``.
        A ``reduced`` entry for the size, if any, is the minimum instead."""
        base = self.formats.get(format_name, self.default)
        if format_name in self.scaled and scale < 1.0:
            base = max(min(base, self.scaled_floor_pt), round(base * scale, 2))
        base = self.reduced.get(f"{format_name}/{size}", base)
        return base + (self.marks_extra_pt if self.marks_script(text) else 0.0)


@functools.cache
def legibility() -> Legibility:
    data = yaml_data(  # yaml.safe_load's, remembered in the user cache
        (Path(__file__).parent / "legibility.yaml").read_text("utf-8"),
        libyaml=False)
    return Legibility(
        formats={str(k): float(v) for k, v in data["formats"].items()},
        default=float(data["default"]),
        reduced={str(k): float(v) for k, v in (data.get("reduced") or {}).items()},
        scaled=tuple(str(name) for name in data.get("scaled") or ()),
        scaled_floor_pt=float(data.get("scaled_floor_pt", 4.8)),
        marks_extra_pt=float(data["marks_extra_pt"]),
        marks_scripts={str(k): (int(v[0]), int(v[1]))
                       for k, v in data["marks_scripts"].items()},
        solid_black_below_pt=float(data["solid_black_below_pt"]),
        qr_distance_ratio=float(data.get("qr_distance_ratio", 10)),
        qr_scan_distance={str(k): (float(v["distance_mm"]), str(v["at"]))
                          for k, v in (data.get("qr_scan_distance") or {}).items()},
        qr_min_distance_mm=float(data.get("qr_min_distance_mm", 100)),
    )
