"""Campaigns for the layout tests: the sample, and a US notice unlike it (notice.yaml)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

NOTICE = Path(__file__).parent / "notice.yaml"


def write_campaign(folder: Path, data: dict | None = None,
                   layouts: dict[str, str] | None = None) -> Path:
    """A campaign folder from the notice (or ``data``), with ``layouts/<name>.yaml``."""
    folder.mkdir(parents=True, exist_ok=True)
    if data is None:
        shutil.copy(NOTICE, folder / "campaign.yaml")
    else:
        (folder / "campaign.yaml").write_text(yaml.safe_dump(data, allow_unicode=True,
                                                             sort_keys=False), "utf-8")
    for name, text in (layouts or {}).items():
        (folder / "layouts").mkdir(exist_ok=True)
        (folder / "layouts" / f"{name}.yaml").write_text(text, "utf-8")
    return folder


def notice_data() -> dict:
    return yaml.safe_load(NOTICE.read_text("utf-8"))


@pytest.fixture(scope="session")
def notice_campaign(tmp_path_factory):
    from posters.schema.campaign import load_campaign

    return load_campaign(write_campaign(tmp_path_factory.mktemp("notice") / "notice"))[0]
