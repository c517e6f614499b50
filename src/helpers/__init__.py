"""Helpers for the territorial foreign-trade book.

The package holds all the logic of the book; the template notebook only calls it. One
subpackage per stage of the pipeline, each importing only the stages before it:

``common`` (errors, paths, French numbers, partition checks) → ``places`` (DGDDI units,
départements, régions, Territoires d'industrie) → ``data`` (read and validate the DGDDI files,
Parquet cache, download, demonstration data) → ``fiche`` (a page's figures and French text) →
``charts`` (its charts) → ``audit`` (reconciliation, methodology) → ``book`` (execute the pages,
build and publish the Jupyter Book); ``cli`` (the ``comext`` command) drives them.
"""

__version__ = "0.1.0"
