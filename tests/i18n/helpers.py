# ruff: noqa: RUF001  (translations in many scripts are the test data)
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from posters.commands.i18n import i18n
from posters.model import Campaign
from posters.schema.campaign import load_campaign

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "content" / "tip-2023"


def run(*args: object) -> Result:
    return CliRunner().invoke(i18n, [str(a) for a in args], catch_exceptions=False)


def load(folder: Path) -> Campaign:
    return load_campaign(folder)[0]


# Japanese for the small campaign, every message
JA = {
    "campaign.title": "小さなテストポスター",
    "content.headline": "助けは近くに",
    "content.tagline": "助けはすぐそばに",
    "content.statistics.heading": "{year}年",
    # the statistics have no id: it is derived from the caption's words
    "content.statistics.items.more-than-of-the-victims-were-under-18.caption":
        "被害者の{value}以上が18歳未満！",
    "content.statistics.items.victim-was-identified.caption":
        ("{value}人の被害者が確認されました",),
    "content.call_to_action.text": "今すぐ{police}へ電話を。",
    "content.hotlines.police.label": "警察",
    "content.hotlines.tipline.label": "相談窓口",
    "content.hotlines.tipline.notes.toll-free": "通話料無料",
    "content.web.label": "詳しくは：",
    "content.footer.copyright": "© 2023 テスト庁",
}


def po_path(folder: Path, lang: str) -> Path:
    return folder / "locale" / lang.replace("-", "_") / "LC_MESSAGES" / "messages.po"


def translate(folder: Path, lang: str, translations: dict[str, str | tuple[str, ...]],
              *, fuzzy: tuple[str, ...] = ()) -> Path:
    """Create the catalog of ``lang`` with ``posters i18n init`` and fill it with Babel."""
    import io

    from babel.messages.pofile import read_po, write_po

    path = po_path(folder, lang)
    if not path.exists():
        assert run("init", folder, "-l", lang).exit_code == 0
    catalog = read_po(io.StringIO(path.read_text(encoding="utf-8")))
    for message in catalog:
        if message.context in translations:
            message.string = translations[message.context]
        if message.context in fuzzy:
            message.flags.add("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76)
    path.write_bytes(buffer.getvalue())
    return path


def msgid_line(path: Path, context: str) -> int:
    """The line of the msgid of the message with this context."""
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index(f'msgctxt "{context}"')
    return at + 2
