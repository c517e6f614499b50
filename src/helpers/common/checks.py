"""Partition checks shared by every stage: a part/whole split must add up, exactly, in euros.

A :class:`Check` compares two integer sums (``left`` = ``right``, plus a gap declared in
``resources/tolerances.yml``: where, why, since when); :class:`ReconciliationError` stops the
publication and names the scope, both figures and the difference. :func:`check_partition` is the
rule for a split drawn by a page (the named tiles of a chart and « autres », the rows of a table)
and is called as the page is computed; the whole-cache reconciliation that uses the same checks
is :mod:`helpers.audit.reconciliation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError

TOLERANCES = "tolerances.yml"
FLOW_NAMES = {"E": "exportations", "I": "importations"}
KIND_LABELS = {
    "region": "Région : total des fichiers (code région DGDDI) = Σ des départements (géographie du projet)",
    "france": "France : Σ des régions = total national ; Σ des unités connues = total national",
    "page": "Fiche : totaux affichés (totals.parquet) = recalcul à partir des enregistrements",
    "partition": "Partage : Σ des parties = total",
    "indicator": "Points clés : indicateurs affichés = recalcul depuis les enregistrements de la page",
    "rank": "Points clés : rangs et totaux de la table = reclassement des valeurs, Σ des enregistrements",
}
#: Kinds of check whose figures are not euros: indicators in millionths of their unit (% or HHI
#: points; −1 = not defined), ranks (0 = not ranked).
NOT_EUROS = {"indicator": "millionièmes", "rank": "rang"}


def euros(value: int) -> str:
    """``1234567`` → ``"1 234 567 €"`` (plain spaces: messages are read in terminals too)."""
    return f"{int(value):,} €".replace(",", " ")


@dataclass(frozen=True)
class Tolerance:
    """A declared, exact reconciliation gap (``difference_eur`` = left − right)."""

    check: str
    code: str
    flow: str
    year: int
    difference_eur: int
    where: str
    why: str
    since: str


@dataclass(frozen=True)
class Check:
    """One reconciliation: ``left`` must equal ``right`` (plus a declared ``expected`` gap)."""

    check: str  # kind: region, france, page, partition
    code: str  # what is checked, for tolerances (région code, unit code, "france"…)
    scope: str  # French description of the perimeter and of the two figures
    flow: str | None
    year: int | None
    left: int
    right: int
    expected: int = 0

    @property
    def difference(self) -> int:
        return self.left - self.right

    @property
    def ok(self) -> bool:
        return self.difference == self.expected

    def message(self) -> str:
        """One line: scope, flow and year, the two figures, the difference (and the tolerance)."""
        when = " ".join(x for x in (FLOW_NAMES.get(self.flow or "", self.flow or ""), str(self.year or "")) if x)
        head = f"{self.scope}" + (f", {when}" if when else "")
        if self.check in NOT_EUROS:
            return f"{head} : {self.left} ≠ {self.right} ({NOT_EUROS[self.check]})"
        text = f"{head} : {euros(self.left)} ≠ {euros(self.right)} (écart {euros(self.difference)})"
        if self.expected:
            text += f" ; écart toléré déclaré : {euros(self.expected)}"
        return text


class ReconciliationError(Exception):
    """Totals that do not add up: the publication stops. ``failures`` lists the failed checks."""

    def __init__(self, failures: list[Check], context: str = "") -> None:
        self.failures = failures
        lines = [f"Rapprochement en échec{context} ({len(failures)} écart(s)) :"]
        lines += [f"  - {c.message()}" for c in failures[:20]]
        if len(failures) > 20:
            lines.append(f"  … et {len(failures) - 20} autre(s) écart(s).")
        lines.append(
            "Un écart justifié se déclare, à l’euro près, dans src/helpers/resources/tolerances.yml "
            "(où, pourquoi, depuis quand) ; sinon corriger les données ou la correspondance géographique."
        )
        super().__init__("\n".join(lines))


# --------------------------------------------------------------------------------------------
# Tolerances
# --------------------------------------------------------------------------------------------

_TOLERANCE_KEYS = {"check", "code", "flow", "year", "difference_eur", "where", "why", "since"}


def read_tolerances(path: Path | None = None) -> list[Tolerance]:
    """The declared gaps (``resources/tolerances.yml`` by default), validated."""
    import yaml

    from ..common.paths import resources_dir

    path = path or resources_dir() / TOLERANCES
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path} : lecture impossible ({exc}).") from None
    entries = raw.get("tolerances") or [] if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"{path} : une liste « tolerances: » est attendue.")
    found = []
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or set(entry) != _TOLERANCE_KEYS:
            raise ConfigError(f"{path}, écart n° {i} : champs attendus {sorted(_TOLERANCE_KEYS)}, trouvé {entry!r}.")
        if not isinstance(entry["difference_eur"], int) or isinstance(entry["difference_eur"], bool) or entry["difference_eur"] == 0:
            raise ConfigError(f"{path}, écart n° {i} : difference_eur doit être un entier d'euros non nul.")
        if entry["check"] not in KIND_LABELS or entry["flow"] not in FLOW_NAMES or not isinstance(entry["year"], int):
            raise ConfigError(f"{path}, écart n° {i} : check, flow (E/I) ou year invalide.")
        if not all(str(entry[k]).strip() for k in ("where", "why", "since")):
            raise ConfigError(f"{path}, écart n° {i} : where, why et since sont obligatoires.")
        found.append(Tolerance(**{k: (str(v) if k in ("code", "where", "why", "since") else v) for k, v in entry.items()}))
    return found


def expected_gap(tolerances: list[Tolerance], check: str, code: str, flow: str | None, year: int | None) -> int:
    """The declared gap (euros) of that check, 0 when none is declared."""
    for t in tolerances:
        if (t.check, t.code, t.flow, t.year) == (check, code, flow, year):
            return t.difference_eur
    return 0


# --------------------------------------------------------------------------------------------
# One split
# --------------------------------------------------------------------------------------------


def check_partition(scope: str, parts: dict[str, int], total: int, *, flow: str | None = None, year: int | None = None) -> Check:
    """Σ ``parts`` (e.g. the named tiles of a chart and « autres ») must equal ``total``, exactly.

    Returns the :class:`Check`; raises :class:`ReconciliationError` naming the scope, both figures
    and the difference otherwise. Values are integer euros (floats are refused: no silent rounding).
    """
    values = list(parts.values()) + [total]
    if not all(isinstance(v, int) or (hasattr(v, "dtype") and getattr(v.dtype, "kind", "") in "iu") for v in values):
        raise TypeError(f"check_partition({scope!r}) : montants entiers (euros) attendus.")
    check = Check("partition", scope, f"{scope} : Σ de {len(parts)} partie(s) = total", flow, year, sum(int(v) for v in parts.values()), int(total))
    if not check.ok:
        raise ReconciliationError([check])
    return check
