"""The job sheet beside each print PDF: what the print buyer tells the print shop (trim,
bleed, pages, colours, printing condition, folding and cutting), as JSON for software and
as text for people. Read back from the written PDF where the file can say it, so that
the sheet describes the file that is sent."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf
from pikepdf.models.metadata import decode_pdf_date

from posters.files import write_atomic
from posters.layout.geometry import PageLayout

PT_PER_MM = 72 / 25.4


def _mm(value: float) -> float:
    return round(value / PT_PER_MM, 1)


def job_sheet(pdf_path: Path, pages: tuple[PageLayout, ...], *, title: str,
              condition: str, condition_name: str, profile: str, pdfx: str,
              ink_limit_percent: float) -> dict:
    with pikepdf.open(pdf_path) as pdf:
        page0 = pdf.pages[0].obj
        trim = [float(v) for v in page0.TrimBox]
        bleed = [float(v) for v in page0.get("/BleedBox", page0.TrimBox)]
        media = [float(v) for v in page0.MediaBox]
        spots: set[str] = set()
        for page in pdf.pages:
            for space in (page.obj.get("/Resources", {}).get("/ColorSpace") or {}).values():
                if isinstance(space, pikepdf.Array) and str(space[0]) == "/Separation":
                    name = str(space[1])[1:]
                    if name not in ("All", "None"):
                        spots.add(name)
        count = len(pdf.pages)
        created = str(pdf.docinfo.get("/CreationDate", ""))
    first = pages[0]
    folds = [_mm(x) for x in first.folds]
    sides = [page.side or f"page {n}" for n, page in enumerate(pages, 1)]
    finishing = []
    if count == 2:
        finishing.append("print both sides: page 2 is the back of page 1")
    elif count == 1:
        finishing.append("print one side")
    finishing.append("cut to the trim at the crop marks; the 3 mm bleed is cut away"
                     if bleed != trim else "cut to the trim at the crop marks")
    if folds:
        where = ", ".join(f"{x:g} mm" for x in folds)
        finishing.append(f"fold at {where} from the left edge of page 1 (marked by the "
                         f"dashed fold marks outside the trim), {len(folds) + 1} panels")
    return {
        "file": pdf_path.name,
        "title": title,
        # the file's own date (posters.dates: the campaign's), as its Info dictionary says
        "date": decode_pdf_date(created).isoformat() if created else None,
        "format": first.format,
        "size": first.size.name,
        "trim_mm": [_mm(trim[2] - trim[0]), _mm(trim[3] - trim[1])],
        "bleed_mm": _mm(trim[0] - bleed[0]),
        "media_mm": [_mm(media[2] - media[0]), _mm(media[3] - media[1])],
        "pages": count,
        "sides": sides,
        "colours": ["cyan", "magenta", "yellow", "black", *sorted(spots)],
        "spot_colours": sorted(spots),
        "printing_condition": {"identifier": condition, "name": condition_name,
                               "profile": profile},
        "pdfx": pdfx,
        "total_ink_limit_percent": ink_limit_percent,
        "overprint": "100 % black text and thin black rules overprint; all else knocks out",
        "marks": "corner and centre crop marks (tombo) in registration colour"
                 + (", fold marks" if folds else ""),
        "folds_mm": folds,
        "finishing": finishing,
    }


def as_text(sheet: dict) -> str:
    cond = sheet["printing_condition"]
    lines = [
        f"Job sheet: {sheet['file']}",
        f"Title:        {sheet['title']}",
        f"Date:         {sheet['date'] or 'not given'}",
        f"Format:       {sheet['format']}, {sheet['size']}",
        f"Trim size:    {sheet['trim_mm'][0]:g} x {sheet['trim_mm'][1]:g} mm",
        f"Bleed:        {sheet['bleed_mm']:g} mm on each side",
        f"Sheet (media): {sheet['media_mm'][0]:g} x {sheet['media_mm'][1]:g} mm, "
        "with crop marks",
        f"Pages:        {sheet['pages']} ({', '.join(sheet['sides'])})",
        f"Colours:      {', '.join(sheet['colours'])}"
        + ("" if sheet["spot_colours"] else " (process CMYK only)"),
        f"Condition:    {cond['identifier']}: {cond['name']}",
        f"Profile:      {cond['profile']}",
        f"PDF/X:        {sheet['pdfx']}",
        f"Ink limit:    {sheet['total_ink_limit_percent']:g} % total",
        f"Overprint:    {sheet['overprint']}",
        f"Marks:        {sheet['marks']}",
        "Finishing:",
        *(f"  - {step}" for step in sheet["finishing"]),
    ]
    return "\n".join(lines) + "\n"


def job_sheet_paths(pdf_path: Path) -> tuple[Path, Path]:
    """``<name>.job.json`` and ``<name>.job.txt`` beside ``<name>.pdf``."""
    stem = pdf_path.with_suffix("")
    return stem.with_name(stem.name + ".job.json"), stem.with_name(stem.name + ".job.txt")


def write_job_sheet(pdf_path: Path, sheet: dict) -> tuple[Path, Path]:
    """The job sheet beside the PDF, each file written atomically."""
    targets = job_sheet_paths(pdf_path)
    contents = (json.dumps(sheet, indent=2, ensure_ascii=False) + "\n", as_text(sheet))
    for target, text in zip(targets, contents, strict=True):
        write_atomic(target, text)
    return targets
