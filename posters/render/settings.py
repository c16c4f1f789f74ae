"""ReportLab's process-wide settings, made in this one place.

``posters.render`` imports this module before any of its modules can make a canvas, so the
bytes of a PDF do not depend on what a process imported first (tests, benchmarks, the CLI).
"""

from reportlab import rl_config

# Binary (zlib) streams: ASCII85 on top makes files 25 % larger and writing slower, and
# nothing that reads our PDFs needs 7-bit streams. ReportLab reads this global per stream.
rl_config.useA85 = 0
