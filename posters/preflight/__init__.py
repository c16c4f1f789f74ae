"""Preflight: check built PDFs the way a print shop (and a screen reader) would."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from posters.diagnostics import Diagnostic, Level, Location
from posters.preflight.checks import CHECKS
from posters.preflight.document import Document
from posters.preflight.expectations import PreflightExpectations

__all__ = [
    "FileReport",
    "PreflightExpectations",
    "guess_variant",
    "pdf_files",
    "preflight",
]


@dataclass(frozen=True)
class FileReport:
    file: str
    variant: str
    findings: tuple[Diagnostic, ...]

    @property
    def errors(self) -> int:
        return sum(f.level is Level.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.level is Level.WARNING for f in self.findings)


def preflight(path: Path, expectations: PreflightExpectations, *,
              skip: Iterable[str] = (), label: str | None = None) -> FileReport:
    """Run every check on one PDF. Never raises for a bad file: problems become findings."""
    doc = Document.open(Path(path), label)
    findings: list[Diagnostic] = []
    skip = set(skip)
    try:
        if doc.pdf is None:
            findings.append(Diagnostic(Level.ERROR, Location(doc.label),
                                       f"not a readable PDF: {doc.open_error}", code="PF001"))
        else:
            for name, check in CHECKS:
                if name in skip:
                    continue
                try:
                    findings.extend(check(doc, expectations))
                except Exception as exc:  # one broken check must not hide the others
                    findings.append(Diagnostic(Level.ERROR, Location(doc.label),
                                               f"check {name} failed on this file: {exc!r}",
                                               code="PF000"))
    finally:
        doc.close()
    return FileReport(doc.label, expectations.variant, tuple(findings))


def pdf_files(path: Path) -> list[Path]:
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())
    return [path]


def guess_variant(path: Path) -> str:
    doc = Document.open(Path(path))
    try:
        return "print" if doc.looks_like_print() else "screen"
    finally:
        doc.close()
