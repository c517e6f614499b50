"""Provenance of input files: what was read, from where, with which checksum.

One JSON file per data folder (``provenance.json``), written by the download and by the
demonstration generator, read by the methodology page. Layout::

    {"source": "dgddi" | "demo", "dataset": "...", "synthetic": bool,
     "files": [{"name": "...", "sha256": "...", "size": 123,
                "url": "..." | null, "downloaded": "YYYY-MM-DD" | null,
                "generated": bool}]}
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

FILENAME = "provenance.json"


@dataclass
class FileRecord:
    name: str
    sha256: str
    size: int  # bytes
    url: str | None = None
    downloaded: str | None = None  # ISO date of the download
    generated: bool = False


@dataclass
class Provenance:
    source: str  # "dgddi" (official files) or "demo" (generated)
    dataset: str
    synthetic: bool
    files: list[FileRecord] = field(default_factory=list)

    def find(self, name: str) -> FileRecord | None:
        """The record of the file ``name`` (a cache manifest's name, possibly ``archive.zip:member``
        or a path): matched on the whole name, then on its last path component."""
        by_name = {f.name: f for f in self.files}
        return by_name.get(name) or by_name.get(Path(name).name)

    def upsert(self, record: FileRecord) -> None:
        """Add ``record``, replacing any record of the same name; keeps files sorted by name."""
        self.files = sorted([f for f in self.files if f.name != record.name] + [record], key=lambda f: f.name)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def record_for(path: Path, **extra: object) -> FileRecord:
    """A :class:`FileRecord` for an existing file (checksum and size measured now)."""
    return FileRecord(name=path.name, sha256=sha256_of(path), size=path.stat().st_size, **extra)  # type: ignore[arg-type]


def write(folder: Path, prov: Provenance) -> Path:
    path = folder / FILENAME
    path.write_text(json.dumps(asdict(prov), ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def read(folder: Path) -> Provenance | None:
    """The provenance of ``folder``, or ``None`` if it has none."""
    path = folder / FILENAME
    if not path.is_file():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    files = [FileRecord(**f) for f in raw.pop("files", [])]
    return Provenance(files=files, **raw)
