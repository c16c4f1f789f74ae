"""ReportLab's process-wide settings, made in this one place.

``posters.render`` imports this module before any of its modules can make a canvas, so the
bytes of a PDF do not depend on what a process imported first (tests, benchmarks, the CLI).
"""

import threading
import zlib

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc

# Binary (zlib) streams: ASCII85 on top makes files 25 % larger and writing slower, and
# nothing that reads our PDFs needs 7-bit streams. ReportLab reads this global per stream.
rl_config.useA85 = 0

# Font subsets hold only the glyphs a page draws. ReportLab's default reserves codes 32-127
# of each font's first subset for ASCII and embeds all 96 of their glyphs, drawn or not:
# up to 10 KB a file, the difference between our screen files and Typst's (#20).
rl_config.ttfAsciiReadable = 0

# Every stream ReportLab compresses (page content, forms, font programs, ToUnicode maps) at
# the zlib level the finished file wants, so that the PDF/X stage (posters.print.pdfx)
# copies each stream's bytes as they are instead of inflating and deflating it again:
# level 7, 30 to 300 bytes a file smaller than zlib's default 6 (#20 item 4).
FLATE_LEVEL = 7


# Small streams that every document of a process writes again (an icon's form, in each
# file it is on) are compressed once: the last few, by their bytes.
_SMALL_STREAM = 16 << 10
_SMALL_KEPT = 32
_small: dict[bytes, bytes] = {}
_small_lock = threading.Lock()


def _deflate(self: pdfdoc.PDFStreamFilterZCompress, text: str | bytes) -> bytes:
    data = text.encode("utf8") if isinstance(text, str) else text
    if type(data) is not bytes or len(data) > _SMALL_STREAM:
        return zlib.compress(data, FLATE_LEVEL)
    with _small_lock:
        done = _small.pop(data, None)
        if done is None:
            done = zlib.compress(data, FLATE_LEVEL)
            if len(_small) >= _SMALL_KEPT:
                del _small[next(iter(_small))]  # the least recently used
        _small[data] = done
    return done


pdfdoc.PDFStreamFilterZCompress.encode = _deflate  # type: ignore[method-assign]


# pdfdoc.format, ReportLab's formatting of every element of every object it writes, with
# its most common elements (names, numbers, bytes: four in five of a poster's) answered first,
# as the original answers them.
_format = pdfdoc.format
_fp_str = pdfdoc.fp_str


def _fast_format(element, document, toplevel=0):  # type: ignore[no-untyped-def]
    kind = type(element)
    if kind is str:
        return element.encode("extpdfdoc")
    if kind is int or kind is float:
        return _fp_str(element).encode("extpdfdoc")
    if kind is bytes:
        return element
    return _format(element, document, toplevel)


pdfdoc.format = _fast_format
