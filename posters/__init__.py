"""posters: print-ready, multilingual awareness posters and leaflets from YAML campaigns."""

__version__ = "0.1.0"
