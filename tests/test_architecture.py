"""The package's shape: one subpackage per pipeline stage, no cycle between them, small modules.

Every ``import`` of every module under ``src/helpers`` is read (including the ones inside
functions and under ``TYPE_CHECKING``), resolved to the stage it reaches, and checked against
the stages' order stated in the README.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "src" / "helpers"
#: The stages, each importing only itself and the stages before it (README, « Où regarder »).
STAGES = ("common", "places", "data", "fiche", "charts", "audit", "book")
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Absolute names of the ``helpers`` modules (or packages) that ``path`` imports."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "helpers")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] != "helpers":
                continue
            found.add(module)
            found.update(f"{module}.{a.name}" for a in node.names)  # `from helpers.data import store`
    return {m for m in found if _is_module(m)}


def _is_module(dotted: str) -> bool:
    path = PACKAGE.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def stage_of(dotted: str) -> str | None:
    """``helpers.data.flows`` → ``data``; None for the package itself and ``helpers.cli``."""
    parts = dotted.split(".")
    if len(parts) > 1 and parts[1] == "cli":
        return None  # the command line sits above every stage
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in STAGES) else None


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def stage_graph() -> dict[str, set[str]]:
    """Stage → the other stages its modules import."""
    graph: dict[str, set[str]] = {}
    for path in modules():
        here = stage_of(_module_name(path))
        if here is None:
            continue
        graph.setdefault(here, set()).update(s for s in map(stage_of, imported_modules(path)) if s and s != here)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a list of nodes (first repeated at the end), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle_and_only_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_imports_are_resolved_to_stages(tmp_path: Path) -> None:
    """The reader sees relative, absolute, lazy and TYPE_CHECKING imports alike."""
    book = PACKAGE / "book" / "build.py"
    found = imported_modules(book)
    assert "helpers.audit.reconciliation" in found and "helpers.book.execute" in found
    assert stage_of("helpers.data.flows") == "data" and stage_of("helpers.cli") is None and stage_of("helpers.cli.shared") is None and stage_of("helpers.data") == "data"


def test_no_cycle_between_stages() -> None:
    graph = stage_graph()
    assert set(graph) == set(STAGES), f"sous-paquets inattendus : {sorted(set(graph) ^ set(STAGES))}"
    assert find_cycle(graph) is None, f"cycle entre étapes : {' → '.join(find_cycle(graph) or [])}"


def test_a_stage_imports_only_the_stages_before_it() -> None:
    wrong = []
    for path in modules():
        here = stage_of(_module_name(path))
        if here is None:
            continue
        for target in sorted(imported_modules(path)):
            there = stage_of(target)
            if there and STAGES.index(there) > STAGES.index(here):
                wrong.append(f"{_module_name(path)} → {target}")
    assert not wrong, "une étape importe une étape ultérieure :\n" + "\n".join(wrong)


def test_only_the_cli_is_left_at_the_top() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py"]
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted((*STAGES, "cli", "resources"))
    into_cli = [_module_name(p) for p in modules() if stage_of(_module_name(p)) and any(m.startswith("helpers.cli") for m in imported_modules(p))]
    assert not into_cli, f"une étape importe la ligne de commande : {into_cli}"


def test_no_module_over_400_lines() -> None:
    long = {_module_name(p): n for p in modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules de plus de {MAX_LINES} lignes : {long}"



#: Test modules that exercise a whole stage rather than one module (named for what they check).
WHOLE_STAGE_TESTS = {
    "book/test_e2e.py", "book/test_navigation.py", "book/test_notebook_in_jupyterlab.py", "book/test_site_accessibility.py", "book/test_site_browser.py",
    "book/test_site_french.py", "data/test_flows_properties.py",
}


def test_tests_mirror_the_source_tree() -> None:
    """``tests/<stage>/test_<module>.py`` tests ``src/helpers/<stage>/<module>.py``."""
    tests = PROJECT_ROOT / "tests"
    unmatched = []
    for test in sorted(tests.rglob("test_*.py")):
        relative = test.relative_to(tests)
        if len(relative.parts) == 1 or relative.as_posix() in WHOLE_STAGE_TESTS:
            continue  # whole-package tests (this one), whole-stage tests
        source = PACKAGE / relative.parts[0] / (relative.name.removeprefix("test_"))
        if relative.parts[0] not in STAGES or not source.is_file():
            unmatched.append(relative.as_posix())
    assert not unmatched, f"modules de test sans module source correspondant : {unmatched}"
