"""A web address's host as IDNA spells it (posters.schema.readers.read_url): an ASCII name
as it is, without the IDNA codec (its tables cost a build's start), any other through
it; the same verdicts either way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from posters.diagnostics import Diagnostics, Location
from posters.schema.readers import INVALID, Context, read_url
from posters.schema.source import Node
from tests.conftest import ROOT


def _read(url: str):  # type: ignore[no-untyped-def]
    problems = Diagnostics()
    node = Node("scalar", Location("campaign.yaml", 1, 1), raw=url, value=url, plain=True)
    value = read_url(Context(problems, Path(".")), node, "content.web.url")
    return value, [d.message for d in problems]


@pytest.mark.parametrize("url", ["https://www.example.org", "http://Example.ORG/path?q=1",
                                 "https://bücher.example/", "https://例え.jp"])
def test_addresses_that_read(url):
    assert _read(url) == (url, [])


@pytest.mark.parametrize("url", ["https://" + "a" * 64 + ".org", "https://a..org",
                                 "https://example.org.", "https://" + "b" * 70,
                                 "https://" + "ü" * 64 + ".org"])
def test_hosts_idna_or_the_pattern_refuses(url):
    value, problems = _read(url)
    assert value is INVALID
    assert problems and problems[0].startswith("expected a web address")


def test_an_ascii_host_does_not_load_the_idna_codec():
    code = ("import sys; from tests.validation.test_url_hosts import _read; "
            "_read('https://www.example.org'); print('encodings.idna' in sys.modules); "
            "_read('https://bücher.example'); print('encodings.idna' in sys.modules)")
    found = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.split()
    assert found == ["False", "True"]
