"""A personalised batch: one leaflet per police station, in ten languages.

    .venv/bin/python benchmarks/batch_bench.py [--rows 100,300,1163] [--jobs N]
        [--languages en,ja,...] [--format flyer --size iso-a5] [--keep DIR]

Generates a list of police stations (name, address, phone: deterministic fake data,
the same on every machine) as the regions file of a copy of the sample campaign
(``local_contacts.regions: stations.csv``, docs/campaign-format.md#regions), then
builds, in a fresh process as a user does, the leaflet (the flyer, which shows the local
contacts) for every station in every language: ``rows x languages`` outputs, plus one
generic leaflet per language. For each number of rows it prints the outputs per second,
the CPU seconds per output, the peak memory of the largest process (/usr/bin/time's
%M: the build process or a worker) and the time of a second build with nothing changed.
Streaming means the outputs per second and the peak memory stay flat as the rows grow.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "tip-2023"
# The Japanese police's leaflets for foreign residents come in about ten languages.
LANGUAGES = ("en", "ja", "zh-Hans", "ko", "vi", "tl", "th", "pt", "es", "ne")

PREFECTURES = (
    ("Hokkaido", "Sapporo", "011"), ("Miyagi", "Sendai", "022"), ("Tokyo", "Shinjuku", "03"),
    ("Kanagawa", "Yokohama", "045"), ("Aichi", "Nagoya", "052"), ("Osaka", "Osaka", "06"),
    ("Hyogo", "Kobe", "078"), ("Hiroshima", "Hiroshima", "082"), ("Fukuoka", "Fukuoka", "092"),
    ("Okinawa", "Naha", "098"), ("Saitama", "Saitama", "048"), ("Chiba", "Chiba", "043"),
    ("Kyoto", "Kyoto", "075"), ("Niigata", "Niigata", "025"), ("Shizuoka", "Shizuoka", "054"),
)
WARDS = ("Chuo", "Kita", "Minami", "Higashi", "Nishi", "Naka", "Midori", "Aoba", "Izumi",
         "Sakae", "Minato", "Tsurumi", "Kohoku", "Hodogaya", "Asahi", "Tempaku")
PLACES = ("Sakura", "Matsubara", "Kawaguchi", "Hirano", "Fujimi", "Takada", "Ueno", "Honcho",
          "Ekimae", "Shinmachi", "Oyama", "Ishikawa", "Morioka", "Nagata", "Yamate", "Hama")


def stations(count: int, seed: int = 1163) -> list[dict[str, str]]:
    """``count`` police stations: the same list for the same count and seed."""
    import phonenumbers

    rng = random.Random(seed)
    rows = []
    for i in range(count):
        prefecture, city, area = PREFECTURES[i % len(PREFECTURES)]
        ward, place = rng.choice(WARDS), rng.choice(PLACES)
        while True:  # a number libphonenumber takes as one in use in Japan
            local = "-".join(str(rng.randrange(10 ** n // 10, 10 ** n))
                             for n in ((4, 4) if len(area) == 2 else (3, 4)))
            if phonenumbers.is_valid_number(phonenumbers.parse(f"{area}-{local}", "JP")):
                break
        rows.append({
            "id": f"station-{i + 1:04d}",
            "name": f"{place} Police Station ({city} {ward})",
            "address": f"{rng.randrange(1, 9)}-{rng.randrange(1, 30)}-{rng.randrange(1, 40)} "
                       f"{place}, {ward}-ku, {city}, {prefecture} "
                       f"{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}",
            "phone": f"{area}-{local}",
        })
    return rows


def make_campaign(folder: Path, rows: int, languages: tuple[str, ...]) -> Path:
    campaign = folder / "police-leaflets"
    shutil.copytree(SAMPLE, campaign)
    with (campaign / "stations.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=["id", "name", "address", "phone"])
        writer.writeheader()
        writer.writerows(stations(rows))
    source = campaign / "campaign.yaml"
    text = source.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^(  languages: )\[.*\]$", rf"\1[{', '.join(languages)}]", text)
    text, m = re.subn(r"(?m)^(    regions: )regions\.yaml$", r"\1stations.csv", text)
    if (n, m) != (1, 1):
        sys.exit("the sample campaign no longer has the lines this benchmark edits")
    source.write_text(text, encoding="utf-8")
    # A station's name is translatable (regions.<id>.name); here each translator keeps
    # the name as written, one catalog entry per station and language.
    entries = "".join(f'\nmsgctxt "regions.{row["id"]}.name"\nmsgid "{row["name"]}"\n'
                      f'msgstr "{row["name"]}"\n' for row in stations(rows))
    for lang in languages:
        catalog = campaign / "locale" / lang.replace("-", "_") / "LC_MESSAGES" / "messages.po"
        if catalog.is_file():
            with catalog.open("a", encoding="utf-8") as po:
                po.write(entries)
    return campaign


def timed_build(args: list[str]) -> tuple[float, float, int, str]:
    """(wall seconds, CPU seconds, peak KiB of the largest process, last line)."""
    command = ["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, "-m", "posters",
               "build", *args]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    *lines, timing = result.stderr.strip().splitlines() or [""]
    if result.returncode != 0:
        sys.exit(f"build failed ({result.returncode}):\n" + "\n".join(lines[-30:]))
    _elapsed, user, system, peak = timing.split()
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    return wall, float(user) + float(system), int(peak), summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="100,300,1163",
                        help="numbers of stations, comma-separated (default 100,300,1163)")
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--jobs", "-j", default=str(len(os.sched_getaffinity(0))))
    parser.add_argument("--format", default="flyer")
    parser.add_argument("--size", default="iso-a5")
    parser.add_argument("--variant", default="print")
    parser.add_argument("--no-gallery", action="store_true",
                        help="build without the proof gallery (its previews)")
    parser.add_argument("--keep", type=Path, help="build here and keep the outputs")
    args = parser.parse_args()
    languages = tuple(args.languages.split(","))
    print(f"load average {os.getloadavg()[0]:.2f}; {args.jobs} jobs; {len(languages)} "
          f"languages; {args.format} {args.size} {args.variant}")
    print(f"{'rows':>5} {'outputs':>7} {'wall s':>7} {'out/s':>6} {'CPU s/out':>9} "
          f"{'peak MiB':>8} {'unchanged s':>11} {'peak MiB':>8} load")
    for rows in (int(r) for r in args.rows.split(",")):
        with tempfile.TemporaryDirectory(prefix="batch-bench-") as scratch:
            base = args.keep / str(rows) if args.keep else Path(scratch)
            base.mkdir(parents=True, exist_ok=True)
            campaign = make_campaign(base, rows, languages)
            common = [str(campaign), "--out", str(base / "out"), "-j", args.jobs,
                      "--format", args.format, "--size", args.size, "--variant",
                      args.variant]
            common += ["--no-gallery"] if args.no_gallery else []
            load = os.getloadavg()[0]
            wall, cpu, peak, _summary = timed_build([*common, "--force"])
            outputs = len(list((base / "out").rglob("*.pdf")))
            again, _cpu, again_peak, summary = timed_build(common)
            if not summary.startswith("0 built"):
                sys.exit(f"the second build was not a no-op: {summary}")
            print(f"{rows:5} {outputs:7} {wall:7.1f} {outputs / wall:6.2f} "
                  f"{cpu / outputs:9.3f} {peak / 1024:8.0f} {again:11.2f} "
                  f"{again_peak / 1024:8.0f} {load:.2f}")


if __name__ == "__main__":
    main()
