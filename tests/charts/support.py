"""Builders shared by the chart tests: tidy records from a few rows, the Sankey tests' records, a chart computed in another process."""

from __future__ import annotations

from pathlib import Path


def tidy_records(rows, *, year: int = 2024, region: str = "12", cpf4: str = "0000"):  # noqa: ANN001, ANN201
    """Tidy records (``flows.TIDY_COLUMNS``) of unit 11, quarter 1, from (flow, a129, country, euros)
    rows: the chart tests' input."""
    import pandas as pd

    from helpers.data import flows

    frame = pd.DataFrame(
        [
            {"year": year, "quarter": 1, "flow": f, "dep": "11", "region": region, "a129": p, "cpf4": cpf4,
             "country": c, "value_eur": v, "mass_kg": 1}
            for f, p, c, v in rows
        ],
        columns=flows.TIDY_COLUMNS,
    )
    return frame.astype({"value_eur": "int64"})


#: The Sankey tests' (a129, country, euros) rows: 4 products × 4 partners; QU (not a country) carries the largest single flow.
SANKEY_ROWS = [
    ("P1", "ES", 500), ("P1", "DE", 300), ("P1", "QU", 900), ("P1", "IT", 40),
    ("P2", "ES", 200), ("P2", "DE", 250), ("P2", "IT", 30),
    ("P3", "ES", 100), ("P3", "IT", 20), ("P3", "QU", 5),
    ("P4", "DE", 60), ("P4", "IT", 7),
]
SANKEY_TOTAL = sum(v for _, _, v in SANKEY_ROWS)


def sankey_records(flow: str):  # noqa: ANN201
    """Tidy records of :data:`SANKEY_ROWS` in ``flow``, plus one large record of the other flow."""
    return tidy_records([(flow, p, c, v) for p, c, v in SANKEY_ROWS] + [("E" if flow == "I" else "I", "P9", "ES", 10**6)])


def chart_json_in_another_process(expression: str, demo_data: Path, demo_cache: Path, *, hash_seed: str) -> str:
    """The JSON of the chart ``expression`` builds, computed in a new Python process with another
    ``PYTHONHASHSEED``: charts must not depend on the process. ``expression`` may use ``records``
    (Aude's records in the demonstration cache) and ``labels(kind)`` (2024 labels)."""
    import os
    import subprocess
    import sys

    script = (
        "import sys\nfrom pathlib import Path\n"
        "from helpers.charts import butterfly as chart_butterfly, sankey as chart_sankey, treemap as chart_treemap\n"
        "from helpers.data import store\n"
        "cache = store.ensure_cache(Path(sys.argv[1]), Path(sys.argv[2]))\n"
        'records = store.read_records(cache, dep="11")\n'
        "labels = lambda kind: store.read_labels(cache, kind, 2024)\n"
        f"sys.stdout.write(({expression}).chart.to_json())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    proc = subprocess.run([sys.executable, "-c", script, str(demo_data), str(demo_cache.parent)], capture_output=True, text=True, env=env, check=True)
    return proc.stdout
