"""`posters check --campaign` reads the campaign with the loader `posters validate` uses:
an unquoted all-digit number stays as authored (YAML 1.1 would read ``0120123456`` as the
octal integer 21014318), and its links are the ones posters.schema.phone makes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from posters.commands.check import campaign_expectations
from tests.validation.cases import MINIMAL

UNQUOTED = MINIMAL.replace('number: "9110"', "number: 0120123456").replace(
    "  copyright: © 2023 Example Agency\n",
    "  copyright: © 2023 Example Agency\n  country: JP\n", 1)


def _campaign(root: Path) -> Path:
    folder = root / "campaign"
    folder.mkdir()
    assert "number: 0120123456\n" in UNQUOTED and "country: JP" in UNQUOTED
    (folder / "campaign.yaml").write_text(UNQUOTED, encoding="utf-8")
    return folder / "campaign.yaml"


def _pdf(path: Path, text: str) -> Path:
    canvas = Canvas(str(path), pagesize=(400, 400))
    canvas.drawString(40, 200, text)
    canvas.save()
    return path


def test_the_number_is_read_as_authored(tmp_path: Path) -> None:
    url, numbers, qr, links = campaign_expectations(_campaign(tmp_path))
    assert numbers == ("0120123456",)
    assert links == (("0120123456", "tel:+81-120-123-456"),)
    assert (url, qr) == ("https://www.example.org", True)


def _findings(pdf: Path, campaign: Path) -> list[str]:
    run = subprocess.run([sys.executable, "-m", "posters", "check", str(pdf), "--campaign",
                          str(campaign), "--variant", "screen", "--no-qr", "--json", "-j", "1"],
                         capture_output=True, text=True, check=False)
    assert run.returncode in (0, 1), run.stderr
    report = json.loads(run.stdout)
    files = report["files"] if isinstance(report, dict) else report
    return [f"{f['code']} {f['message']}" for file in files for f in file["findings"]]


@pytest.mark.parametrize("printed", ["0120123456", "nothing"])
def test_check_holds_the_pdf_to_the_authored_number(tmp_path: Path, printed: str) -> None:
    campaign = _campaign(tmp_path)
    pdf = _pdf(tmp_path / "p.pdf", f"Call {printed} https://www.example.org")
    found = _findings(pdf, campaign)
    assert not any("21014318" in line for line in found)
    missing = [line for line in found if line.startswith("PF080")]
    link = [line for line in found if line.startswith("PF085") and "tel:" in line]
    if printed == "nothing":
        assert missing == ["PF080 '0120123456' not found verbatim in the extracted text"]
    else:
        assert missing == []
    # the screen PDF must link the number to its RFC 3966 URI, with the country code
    assert link == ["PF085 no link to tel:+81-120-123-456 for '0120123456' in the screen "
                    "variant"]


def test_an_invalid_campaign_is_refused_with_its_lines(tmp_path: Path) -> None:
    campaign = _campaign(tmp_path)
    campaign.write_text(UNQUOTED.replace("number: 0120123456", "number: 0120"),
                        encoding="utf-8")
    pdf = _pdf(tmp_path / "p.pdf", "Call 0120")
    run = subprocess.run([sys.executable, "-m", "posters", "check", str(pdf), "--campaign",
                          str(campaign)], capture_output=True, text=True, check=False)
    assert run.returncode == 2
    assert "campaign.yaml:" in run.stderr and "content.hotlines[0].number" in run.stderr
