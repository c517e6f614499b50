"""Helpers for the territorial foreign-trade book.

The package holds all the logic of the book; the template notebook only calls it.
Flow of data: ``labels``/``flows`` (read the official DGDDI files) → ``store`` (Parquet
cache) → ``indicators`` (totals and shares) → ``page`` (French text blocks) → ``execute``
/ ``book`` (papermill runs and Jupyter Book build), driven by ``cli`` (the ``comext`` command).
"""

__version__ = "0.1.0"
