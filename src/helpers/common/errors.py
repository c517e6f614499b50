"""Errors raised on bad input: one clear message naming file, line, field, value and rule."""

from __future__ import annotations

from dataclasses import dataclass, field

#: How many problems a :class:`DataError` message lists before summarising the rest.
MAX_LISTED = 20


@dataclass(frozen=True)
class Problem:
    """One defect of an input file.

    ``line`` is numbered from 1 (``None`` when the problem concerns the whole file);
    ``field`` is the official field name (``flux``, ``valeur``…) or ``None``.
    """

    file: str
    line: int | None
    field: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, ligne {self.line}"
        parts = [where]
        if self.field is not None:
            parts.append(f"champ {self.field}")
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "…"
            parts.append(f"valeur {shown!r}")
        return ", ".join(parts) + f" : {self.rule}"


@dataclass
class DataError(Exception):
    """Invalid input. Nothing was loaded (readers are all-or-nothing).

    ``problems`` holds at most :data:`MAX_LISTED` problems; ``total`` counts all of them.
    """

    problems: list[Problem]
    total: int = 0
    warnings: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.total = max(self.total, len(self.problems))
        self.problems = list(self.problems[:MAX_LISTED])
        super().__init__(str(self))

    def __str__(self) -> str:
        head = "Données invalides" + (f" ({self.total} problèmes)" if self.total > 1 else "") + " :"
        lines = [head] + [f"  - {p}" for p in self.problems]
        rest = self.total - len(self.problems)
        if rest > 0:
            lines.append(f"  … et {rest} autre(s) problème(s) non listé(s).")
        return "\n".join(lines)


class ConfigError(Exception):
    """A user-facing error that is not about a data file (unknown code, missing data…)."""


class NetworkError(Exception):
    """The remote source could not be reached; the message says what to do instead."""
