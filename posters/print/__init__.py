"""Print production: ICC colour conversion and PDF/X-4 output. No ReportLab here."""
