"""What a preflight is told to expect of a file."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PreflightExpectations:
    """What the file should be and contain. ``variant`` is "print" or "screen"."""

    variant: str = "print"
    url: str | None = None  # the QR code must decode to it, and the text must contain it
    texts: tuple[str, ...] = ()  # hotline numbers etc., each found verbatim in the text
    safe_zone_mm: float = 5.0  # text must stay this far inside the TrimBox
    min_bleed_mm: float = 3.0
    warn_ppi: float = 300.0
    error_ppi: float = 150.0
    ink_limit_percent: float = 300.0
    ink_dpi: int = 50  # resolution of the separation used to measure total ink
    qr_dpi: int = 150
    expect_qr: bool = field(default=False)  # a missing QR code is an error when True
    # legibility (posters/print/legibility.yaml): None leaves the check out
    min_text_pt: float | None = None  # the format's smallest text
    marks_extra_pt: float = 0.0  # recommended on top for scripts with stacking marks
    solid_black_below_pt: float | None = None  # smaller text never in a tint of black
    min_qr_mm: float | None = None  # the QR code's smallest side for the viewing distance
    # (printed text, URI) of each number the screen variant must link (posters.schema.phone);
    # when empty, links are derived from the phone numbers among ``texts``
    links: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.variant not in ("print", "screen"):
            raise ValueError(f"variant must be 'print' or 'screen', not {self.variant!r}")
        if self.error_ppi > self.warn_ppi:
            raise ValueError("error_ppi must not exceed warn_ppi")

    PRINT_RULES = ("min_text_pt", "marks_extra_pt", "solid_black_below_pt", "min_qr_mm")

    def print_rules(self) -> dict[str, float | None]:
        """The legibility and QR rules the file was held to, for the build report, so
        that `posters check` holds it to the same."""
        return {name: getattr(self, name) for name in self.PRINT_RULES}

    @property
    def is_print(self) -> bool:
        return self.variant == "print"
