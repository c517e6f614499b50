"""The key figures of a page, for auditors: totals and shares as JSON and CSV files.

Written beside the chart CSVs (``extra/donnees/<page>/chiffres-cles.{json,csv}``, published as
``donnees/<page>/``), with euros as integers and shares as the exact fractions, so that every
figure of the text can be recomputed; then the « Points clés » indicators, unrounded, in the unit
their ``unite`` column names (% or HHI points), with their rank; the page links to both files.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from IPython.display import Markdown

from ..common.paths import DOWNLOADS, EXTRA
from ..places.geography import Region, Unit
from . import ranks
from .context import FicheContext
from .exposure import INDICATORS

NAME = "chiffres-cles"
FIELDS = ["annee", "flux", "perimetre", "code", "valeur_eur", "part_region", "part_france",
          "indicateur", "libelle", "valeur", "unite", "rang", "sur"]


def _code(ctx: FicheContext) -> str | None:
    """The page's own code: DGDDI code of a unit, DGDDI code of a région, none for France."""
    place = ctx.place
    return place.dgddi_code if isinstance(place, (Unit, Region)) else None


def rows(ctx: FicheContext) -> list[dict[str, object]]:
    """One row per flow and scope (the page's place, a unit's région, France); euros, shares as fractions.

    Région codes are DGDDI's (``12`` for Occitanie), as in the data files.
    """
    out: list[dict[str, object]] = []
    for flow, block in ctx.totals_blocks.items():
        name = "exportations" if flow == "E" else "importations"
        if ctx.kind != "france":
            out.append({"annee": ctx.year, "flux": name, "perimetre": ctx.place.label, "code": _code(ctx), "valeur_eur": block.unit_eur,
                        "part_region": block.region_share, "part_france": block.france_share})
        if block.region_eur is not None:
            out.append({"annee": ctx.year, "flux": name, "perimetre": block.region_name, "code": ctx.unit.dgddi_region, "valeur_eur": block.region_eur,
                        "part_region": None, "part_france": block.region_eur / block.france_eur})
        out.append({"annee": ctx.year, "flux": name, "perimetre": "France entière", "code": None, "valeur_eur": block.france_eur,
                    "part_region": None, "part_france": 1.0})
    return out


def indicator_rows(ctx: FicheContext) -> list[dict[str, object]]:
    """One row per « Points clés » indicator: its value unrounded in ``unite`` (``%``: 12.3 for
    12,3 % ; ``indice 0–10 000`` for the HHI), its rank (1 = the largest value) and the number
    of pages ranked (``sur``); ``None`` (empty in the CSV) when not defined or not ranked (France)."""
    row = ranks.row(ctx.cache, ctx.slug, ctx.year) or {}
    return [
        {"annee": ctx.year, "flux": "exportations/importations" if i.key == "coverage" else "exportations", "perimetre": ctx.place.label,
         "code": _code(ctx), "indicateur": i.anchor.removeprefix("ind-"), "libelle": i.label, "valeur": row.get(i.key), "unite": i.unit,
         "rang": row.get(f"rank_{i.key}"), "sur": row.get(f"ranked_{i.key}")}
        for i in INDICATORS
    ]


def write(ctx: FicheContext) -> tuple[Path, Path]:
    """Write the JSON and CSV files of the page's key figures; returns their paths."""
    folder = ctx.root / EXTRA / DOWNLOADS / ctx.slug
    folder.mkdir(parents=True, exist_ok=True)
    data, indicators = rows(ctx), indicator_rows(ctx)
    source = ctx.provenance.source if ctx.provenance else None
    payload = {"page": ctx.place.label, "annee": ctx.year, "unite": "euros", "source": source,
               "donnees_de_demonstration": ctx.synthetic, "chiffres": data,
               "indicateurs": indicators}
    json_path, csv_path = folder / f"{NAME}.json", folder / f"{NAME}.csv"
    json_path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(data)
    writer.writerows(indicators)
    csv_path.write_text(buffer.getvalue(), encoding="utf-8")
    return json_path, csv_path


def links(ctx: FicheContext) -> Markdown:
    """Write the files and return the sentence linking to them."""
    write(ctx)
    base = f"../{DOWNLOADS}/{ctx.slug}/{NAME}"
    notebook = f"../_sources/pages/{ctx.slug}.ipynb"  # Sphinx publishes each page's source
    return Markdown(
        f"Les chiffres clés de cette fiche (totaux en euros et parts exactes) sont téléchargeables "
        f'en <a href="{base}.json" download>JSON</a> et en <a href="{base}.csv" download>CSV</a> ; '
        f'le <a href="{notebook}" download>carnet exécuté</a> (.ipynb) contient tout le code qui les produit.'
    )
