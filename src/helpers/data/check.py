"""``comext data check``: read and validate official-format files, then summarise them."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..common.formatting import meur
from . import flows

_FLOW_NAMES = {"E": "exportations", "I": "importations"}


def summarize(path: Path) -> dict:
    """JSON-able summary of the files at ``path`` (txt, zip or folder).

    Keys: ``files`` (name, sha256, size in bytes), ``records`` (count), ``years``, ``quarters``
    (year as text → sorted quarters), ``totals`` (year as text → flow "E"/"I" → value in euros,
    int), ``warnings`` (texts). Raises :class:`~helpers.common.errors.DataError` on invalid input.
    """
    dataset = flows.read_source(Path(path))
    records = dataset.records
    quarters = records.groupby("year")["quarter"].unique()
    sums = records.groupby(["year", "flow"])["value_eur"].sum()
    totals: dict[str, dict[str, int]] = {}
    for (year, flow), value in sums.items():
        totals.setdefault(str(int(year)), {})[str(flow)] = int(value)
    return {
        "files": [{"name": f.name, "sha256": f.sha256, "size": f.size} for f in dataset.files],
        "records": len(records),
        "years": sorted(int(y) for y in quarters.index),
        "quarters": {str(int(y)): sorted(int(q) for q in qs) for y, qs in quarters.items()},
        "totals": totals,
        "warnings": [str(w) for w in dataset.warnings],
    }


def render(summary: dict) -> Group:
    """Human summary (rich renderable) of :func:`summarize`'s result; values in M€."""
    head = Text(f"{summary['records']:,} enregistrements valides".replace(",", "\u00a0"), style="bold green")
    files = Table(title="Fichiers lus", show_edge=False)
    files.add_column("fichier")
    files.add_column("taille (octets)", justify="right")
    files.add_column("SHA-256")
    for f in summary["files"]:
        files.add_row(f["name"], f"{f['size']:,}".replace(",", "\u00a0"), f["sha256"][:16] + "…")
    totals = Table(title="Totaux (millions d'euros)", show_edge=False)
    totals.add_column("année")
    totals.add_column("trimestres")
    for flow in ("E", "I"):
        totals.add_column(f"{_FLOW_NAMES[flow]} (M€)", justify="right")
    for year in summary["years"]:
        by_flow = summary["totals"].get(str(year), {})
        cells = [meur(by_flow[flow]) if flow in by_flow else "—" for flow in ("E", "I")]
        quarters = ", ".join(f"T{q}" for q in summary["quarters"].get(str(year), []))
        totals.add_row(str(year), quarters, *cells)
    parts: list = [head, files, totals]
    warnings = summary.get("warnings", [])
    if warnings:
        parts.append(Text(f"{len(warnings)} avertissement(s) :", style="yellow"))
        parts.extend(Text(f"  - {w}") for w in warnings[:20])
        if len(warnings) > 20:
            parts.append(Text(f"  … et {len(warnings) - 20} autre(s)."))
    return Group(*parts)
