"""A campaign copy served in this process: a warm Session and a real PreviewServer."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SAMPLE


@dataclass
class Served:
    campaign: Path
    out: Path
    session: object
    url: str

    @property
    def campaign_out(self) -> Path:
        return self.out / self.campaign.name


@pytest.fixture
def served(tmp_path, engine) -> Iterator[Served]:
    from posters.build import BuildRequest
    from posters.serve.server import PreviewServer
    from posters.serve.session import Session

    campaign = tmp_path / "campaign"
    shutil.copytree(SAMPLE, campaign)
    request = BuildRequest(campaign, out_dir=tmp_path / "out", languages=("en", "th"),
                           formats=("poster",), sizes=("iso-a3",), regions=("generic",),
                           jobs=1)
    session = Session(request)
    outcome = session.rebuild()
    assert outcome.built == 2 and not outcome.problems, outcome
    server = PreviewServer(("127.0.0.1", 0), session)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield Served(campaign, tmp_path / "out", session, server.url)
    finally:
        server.stop()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
