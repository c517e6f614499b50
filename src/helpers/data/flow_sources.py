"""The files of a flow source (a flow .txt, a .zip, or a folder of them) and the labels delivered with each.

Flow and label files are recognised by name. A delivery is a flow file with the label files that
came with it: from its folder inside the zip, else anywhere in the zip, else lying beside the zip
(or the .txt). Members are read with care (a size limit in bytes; encrypted, corrupt or missing
files reported as problems); each distinct set of label files is read once. Two files supplying
the same (flux, année, trimestre) would count it twice: that is reported too.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..common.errors import DataError
from .flow_problems import _whole_file_problem
from .flow_rules import FIELD_NAMES
from .labels import LABEL_FILENAMES, LabelSet, read_label_set

#: Largest zip member read (declared uncompressed size, bytes): the real annual files are a few
#: hundred MB; beyond this a member is refused instead of exhausting memory (zip bomb).
MAX_MEMBER_BYTES = 2**31

_FLOW_WORDS = {"E": ("export", "cpf4payse"), "I": ("import", "cpf4paysi")}
_LABEL_PREFIXES = {
    "pays": "libelle_pays",
    "cpf4": "libelle_cpf4",
    "a129": "libelle_a129",
    "departements": "departement_region",
}


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------


def flow_kind_from_name(name: str) -> str | None:
    """``"E"`` for an export file name, ``"I"`` for an import one, ``None`` when the name says neither.

    Recognised: ``Region_2024_Export.txt``, ``REGIONAL_CPF4PAYSE.txt`` and any name containing
    "export" (resp. ``…Import…``, ``REGIONAL_CPF4PAYSI``); only the base name counts.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower()
    stem = base.rsplit(".", 1)[0]
    found = {kind for kind, words in _FLOW_WORDS.items() if any(w in stem for w in words)}
    return found.pop() if len(found) == 1 else None


def label_kind_from_name(name: str) -> str | None:
    """The label kind (key of :data:`LABEL_FILENAMES`) of a file name, or ``None`` for another file.

    Matched on the base name, case-insensitive, by prefix (``Libelle_CPF4_rev2.1.txt`` → ``cpf4``).
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if not base.endswith(".txt"):
        return None
    for kind, prefix in _LABEL_PREFIXES.items():
        if base.startswith(prefix):
            return kind
    return None


def _is_flow_name(name: str) -> bool:
    """A ``.txt`` that is not a label file (and not a macOS resource fork)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.lower().endswith(".txt") and not base.startswith("._") and label_kind_from_name(base) is None


# --------------------------------------------------------------------------------------------
# Sources: a .txt, a .zip, or a folder
# --------------------------------------------------------------------------------------------


@dataclass
class _Member:
    """One text file to read: display name (``archive.zip:member`` inside a zip) and a reader."""

    display: str
    read: Callable[[], bytes]
    size: Callable[[], int]  # bytes once read (a zip member's declared uncompressed size)


@dataclass
class _Delivery:
    """Flow files and the label files delivered with them."""

    flows: list[_Member]
    labels: dict[str, _Member]
    archive: zipfile.ZipFile | None = None  # open archive to close once read


def _loose_labels(folder: Path) -> dict[str, Path]:
    """Label files lying in ``folder``, by kind (first in name order)."""
    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        kind = label_kind_from_name(path.name)
        if kind and path.is_file() and kind not in found:
            found[kind] = path
    return found


def _file_member(path: Path) -> _Member:
    return _Member(path.name, path.read_bytes, lambda: path.stat().st_size)


def _open_zip(path: Path) -> tuple[zipfile.ZipFile | None, pd.DataFrame | None]:
    """The opened archive, or a problem when it is unreadable."""
    if path.stat().st_size == 0:
        return None, _whole_file_problem(path.name, "archive zip vide")
    try:
        return zipfile.ZipFile(path), None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        return None, _whole_file_problem(path.name, f"archive zip illisible, tronquée ou corrompue ({exc})")


class _MemberTooLarge(ValueError):
    pass


def _zip_member(archive: zipfile.ZipFile, path: Path, member: str) -> _Member:
    def read() -> bytes:
        size = archive.getinfo(member).file_size
        if size > MAX_MEMBER_BYTES:
            raise _MemberTooLarge(f"{size} octets une fois décompressé, plus de {MAX_MEMBER_BYTES} : refusé")
        return archive.read(member)

    return _Member(f"{path.name}:{member}", read, lambda: archive.getinfo(member).file_size)


def _zip_deliveries(path: Path, fallback_labels: dict[str, Path]) -> tuple[list[_Delivery], list[pd.DataFrame], list[Path]]:
    """Deliveries of one zip: each flow member with labels from its folder in the zip, else anywhere
    in the zip, else ``fallback_labels`` (loose files beside the zip). Also the loose files used."""
    archive, problem = _open_zip(path)
    if archive is None:
        return [], [problem], []
    names = [i.filename for i in archive.infolist() if not i.is_dir()]
    flows = sorted(n for n in names if _is_flow_name(n))
    if not flows:
        archive.close()
        return [], [_whole_file_problem(path.name, "l'archive ne contient aucun fichier de flux (.txt autre que les libellés)")], []
    label_members = sorted((n for n in names if label_kind_from_name(n)), key=lambda n: (n.count("/"), n))
    deliveries, used_loose = [], []
    for flow in flows:
        folder = flow.rsplit("/", 1)[0] if "/" in flow else ""
        labels: dict[str, _Member] = {}
        for kind in LABEL_FILENAMES:
            candidates = [n for n in label_members if label_kind_from_name(n) == kind]
            same_folder = [n for n in candidates if (n.rsplit("/", 1)[0] if "/" in n else "") == folder]
            chosen = (same_folder or candidates or [None])[0]
            if chosen is not None:
                labels[kind] = _zip_member(archive, path, chosen)
            elif kind in fallback_labels:
                labels[kind] = _file_member(fallback_labels[kind])
                used_loose.append(fallback_labels[kind])
        deliveries.append(_Delivery([_zip_member(archive, path, flow)], labels, archive))
    return deliveries, [], used_loose


def _discover(path: Path) -> tuple[list[_Delivery], list[Path], list[pd.DataFrame]]:
    """Deliveries found at ``path`` (txt, zip or folder), the physical files involved, problems."""
    if not path.exists():
        return [], [], [_whole_file_problem(str(path), "fichier ou dossier introuvable")]
    if path.is_dir():
        entries = sorted(p for p in path.iterdir() if p.is_file())
        loose = _loose_labels(path)
        zips = [p for p in entries if p.suffix.lower() == ".zip"]
        txts = [p for p in entries if _is_flow_name(p.name)]
        if not zips and not txts:
            return [], [], [_whole_file_problem(path.name or str(path), "le dossier ne contient aucun fichier de flux (.zip ou .txt)")]
        deliveries, problems, physical = [], [], []
        for zpath in zips:
            found, zproblems, used = _zip_deliveries(zpath, loose)
            deliveries += found
            problems += zproblems
            physical += [zpath, *used]
        if txts:
            labels = {kind: _file_member(p) for kind, p in loose.items()}
            deliveries += [_Delivery([_file_member(t)], labels) for t in txts]
            physical += txts + list(loose.values())
        return deliveries, _unique(physical), problems
    if path.suffix.lower() == ".zip":
        deliveries, problems, used = _zip_deliveries(path, _loose_labels(path.parent))
        return deliveries, _unique([path, *used]), problems
    if label_kind_from_name(path.name):
        return [], [], [_whole_file_problem(path.name, "fichier de libellés, pas un fichier de flux")]
    loose = _loose_labels(path.parent)
    labels = {kind: _file_member(p) for kind, p in loose.items()}
    return [_Delivery([_file_member(path)], labels)], _unique([path, *loose.values()]), []


def _unique(paths: list[Path]) -> list[Path]:
    """``paths`` without repeats, in first-seen order."""
    return list(dict.fromkeys(paths))


def _close(deliveries: list[_Delivery]) -> None:
    """Close the archives opened by :func:`_discover`."""
    for archive in {id(d.archive): d.archive for d in deliveries if d.archive is not None}.values():
        archive.close()


def _read_member(member: _Member) -> tuple[bytes | None, pd.DataFrame | None]:
    try:
        return member.read(), None
    except _MemberTooLarge as exc:
        return None, _whole_file_problem(member.display, f"membre d'archive trop volumineux ({exc})")
    except RuntimeError as exc:  # zipfile: encrypted member ("password required")
        return None, _whole_file_problem(member.display, f"lecture impossible : membre chiffré ou illisible ({exc})")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError) as exc:
        return None, _whole_file_problem(member.display, f"lecture impossible : archive corrompue ({exc})")


def _labels_of(
    delivery: _Delivery, flow: _Member, cache: dict[tuple[str, ...], LabelSet | None]
) -> tuple[LabelSet | None, list[pd.DataFrame], int]:
    """The label set delivered with ``flow`` (parsed once per distinct set of files).

    Returns the set (``None`` on failure), the problems (reported once per set of files), and
    how many more problems the label readers counted without listing them.
    """
    missing = [LABEL_FILENAMES[k] for k in LABEL_FILENAMES if k not in delivery.labels]
    if missing:
        rule = (
            "fichier(s) de libellés absent(s) : " + ", ".join(missing)
            + " (ils doivent accompagner le fichier de flux, dans la même archive ou le même dossier)"
        )
        return None, [_whole_file_problem(flow.display, rule)], 0
    key = tuple(delivery.labels[k].display for k in LABEL_FILENAMES)
    if key in cache:
        return cache[key], [], 0
    contents, problems = {}, []
    for kind in LABEL_FILENAMES:
        data, problem = _read_member(delivery.labels[kind])
        if problem is not None:
            problems.append(problem)
        contents[kind] = (delivery.labels[kind].display, data or b"")
    if problems:
        cache[key] = None
        return None, problems, 0
    try:
        labels = read_label_set(contents)
    except DataError as exc:
        frame = pd.DataFrame([{"file": p.file, "line": p.line, "field": p.field, "value": p.value, "rule": p.rule} for p in exc.problems])
        cache[key] = None
        return None, [frame.astype("object")], exc.total - len(exc.problems)
    cache[key] = labels
    return labels, [], 0


def _overlap_problems(periods: list[tuple[str, pd.DataFrame]]) -> list[pd.DataFrame]:
    """A (flow, year, quarter) supplied by two files would be counted twice: an error."""
    frames = [p.assign(file=name) for name, p in periods if len(p)]
    if len(frames) < 2:
        return []
    every = pd.concat(frames, ignore_index=True)
    again = every.duplicated(["flow", "year", "quarter"], keep="first")
    if not again.any():
        return []
    first_file = every[~again].set_index(["flow", "year", "quarter"])["file"]
    rows = every[again]
    owners = [first_file.loc[(f, y, q)] for f, y, q in zip(rows["flow"], rows["year"], rows["quarter"], strict=True)]
    return [
        pd.DataFrame(
            {
                "file": rows["file"].to_numpy(),
                "line": rows["line"].to_numpy(),
                "field": FIELD_NAMES["quarter"],
                "value": (rows["flow"] + " " + rows["year"] + " T" + rows["quarter"]).astype("object").to_numpy(),
                "rule": [f"période déjà fournie par {o} : les fichiers se recouvrent (double compte)" for o in owners],
            }
        )
    ]


def _declared_size(member: _Member) -> int:
    """Bytes of ``member`` once read; 0 when unknown (the error is reported when it is read)."""
    try:
        return member.size()
    except OSError:
        return 0
