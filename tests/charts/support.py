"""Builders shared by the chart tests: tidy records from a few rows, a chart computed in another process."""

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
