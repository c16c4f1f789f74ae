# ruff: noqa: RUF001  (CJK punctuation and Hangul are the test data)
"""The engine against Chromium with the same static font files: CJK punctuation
compression (Chromium's default text-spacing-trim) and the line breaks of Korean
(keep-all), Japanese and Chinese paragraphs."""

from __future__ import annotations

import html
import json
import shutil
import subprocess

import pytest

from posters.text import Span, TextStyle

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed: apt-get install -y chromium")

SIZE = 20.0  # px in Chromium, pt in the engine: the same em either way

PUNCTUATION = [
    ("zh-Hans", "noto-sans-sc", "他说：“我们已经到了。”"),
    ("zh-Hans", "noto-sans-sc", "（注）、「好」。"),
    ("zh-Hant", "noto-sans-tc", "他說：「我們已經到了。」"),
    ("ja", "noto-sans-jp", "「はい。」（注）・『本』"),
    ("ja", "noto-sans-jp", "人身取引（じんしんとりひき）。"),
]
# (Chromium also breaks inside 0670-012904 after its hyphen; ICU, and so the engine,
# keeps a phone number whole, which is what a reader dialling it needs.)
KOREAN = ("도움을 요청받으면 가까운 경찰서(또는 9110번)나 지방출입국재류관리국"
          "(영어 가능)에 2021년부터 연락해 주십시오. 누구에게나 일어날 수 있습니다.")
KOREAN_WIDTHS = (230, 260, 290, 320)


def _chromium(engine, tmp_path, body: str, script: str) -> object:
    fonts = "".join(
        f"@font-face{{font-family:'{fid}';"
        f"src:url('{engine.fonts.get(fid, 'regular').path.as_uri()}')}}"
        for fid in ("noto-sans-sc", "noto-sans-tc", "noto-sans-jp", "noto-sans-kr")
    )
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        f"{fonts} body{{margin:0}} .t{{font-size:{SIZE}px;line-height:2}}</style></head>"
        f"<body>{body}<pre id='out'></pre><script>document.fonts.ready.then(() => {{"
        f"document.getElementById('out').textContent = JSON.stringify(({script})());"
        "});</script></body></html>",
        encoding="utf-8",
    )
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--virtual-time-budget=5000",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    out = dom.split("<pre id=\"out\">", 1)[1].split("</pre>", 1)[0]
    return json.loads(html.unescape(out))


def test_punctuation_compression_equals_chromium(engine, tmp_path):
    body = "".join(
        f"<span class='t' lang='{lang}' style=\"font-family:'{fid}';white-space:nowrap\">"
        f"{html.escape(text)}</span><br>"
        for lang, fid, text in PUNCTUATION
    )
    widths = _chromium(engine, tmp_path, body,
                       "() => [...document.querySelectorAll('span')]"
                       ".map(s => s.getBoundingClientRect().width)")
    for (lang, _fid, text), chromium in zip(PUNCTUATION, widths, strict=True):
        ours = engine.measure(text, lang, SIZE)
        assert ours == pytest.approx(chromium, abs=0.05), (lang, text, ours, chromium)


PARAGRAPHS = [  # (language, font, CSS, text): more than three lines, so set greedily
    ("ko", "noto-sans-kr", "word-break:keep-all", KOREAN),
    ("ja", "noto-sans-jp", "", "助けを求められたら、最寄りの警察署（または9110番）か地方出入国在留"
     "管理局にご連絡ください。「相談は無料・秘密厳守」です。日本人を含む被害者の45%が、"
     "身分証を取り上げられました。"),
    ("zh-Hans", "noto-sans-sc", "", "如果有人向您求助，请联系最近的警察局（或拨打9110）或地方"
     "出入境在留管理局。外国劳动者说：“我的护照被拿走了。”超过45%的受害者曾被没收身份证件。"),
]


@pytest.mark.parametrize(("lang", "font", "css", "text"), PARAGRAPHS)
def test_line_breaks_equal_chromium(engine, tmp_path, lang, font, css, text):
    body = "".join(
        f"<div class='t' lang='{lang}' style=\"font-family:'{font}';width:{w}px;{css}\">"
        f"{html.escape(text)}</div>"
        for w in KOREAN_WIDTHS
    )
    # the line of every character, from its box's top
    script = """() => [...document.querySelectorAll('div.t')].map(div => {
        const node = div.firstChild, range = document.createRange(), lines = [];
        let top = null, line = '';
        for (let i = 0; i < node.length; i++) {
          range.setStart(node, i); range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (!rect) { line += node.data[i]; continue; }
          if (top !== null && rect.top > top + 1) { lines.push(line.trim()); line = ''; }
          if (top === null || rect.top > top + 1) top = rect.top;
          line += node.data[i];
        }
        lines.push(line.trim());
        return lines;
    })"""
    chromium = _chromium(engine, tmp_path, body, script)
    for width, lines in zip(KOREAN_WIDTHS, chromium, strict=True):
        st = engine.fit([Span(text)], lang, TextStyle(size=SIZE), width, 10_000)
        assert len(st.lines) > 3, "a short paragraph would be balanced on purpose"
        assert [line.text for line in st.lines] == lines, width
