"""Execute the pages on a dask.distributed cluster (``comext build --executor dask``).

The same pages, plan, fingerprints and publication as the local pool (:mod:`helpers.book.workers`):
only the execution step changes. :class:`DaskExecutor` connects to a scheduler (``--scheduler
tcp://HOST:8786``) or starts a ``LocalCluster`` sized to the machine (one single-threaded worker
process per job); it is called like :func:`helpers.book.workers.execute_pages`.

* Every dask worker keeps one warm kernel (:class:`WarmKernelPlugin`, a worker plugin: started at
  the worker's setup, stopped at its teardown, kept across pages), driven from one thread of its
  own, so that a worker with several threads never shares its kernel between two pages.
* Each page is one task (``pure=False``), run by the local pool's per-page function
  (:func:`helpers.book.local_pool._run_in_worker`: warm kernel, retry on kernel failure, PDF or not).
* A worker that dies mid-page (killed, machine lost): dask runs its task again on another worker
  (up to ``distributed.scheduler.allowed-failures`` times); the page's :attr:`PageResult.attempts`
  counts these runs, so that the build's report names the retried page.
* The data, the cache and the book's root must be visible to every worker at the same paths (a
  shared folder): a worker that cannot see one is named, with the missing path, before any page
  runs (:func:`missing_paths`).
* A scheduler that cannot be reached, or goes away mid-build, is one :class:`ConfigError`: nothing
  is published, and pages already written are complete (the next build reuses them).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import distributed

from ..common.errors import ConfigError
from ..fiche.parameters import PageParameters
from . import workers as local_pool
from .execute import PAGES, TEMPLATE, PageResult
from .layout import LOGS

#: Name of the worker plugin (one per cluster: registering it again replaces it).
PLUGIN = "comext-warm-kernel"


class WarmKernelPlugin(distributed.WorkerPlugin):
    """A dask worker plugin: one warm kernel per worker process, started at setup (without waiting
    for it: its start-up overlaps the data's preparation), stopped at teardown.

    All kernel operations happen in one thread of the plugin (:meth:`run`): a kernel's sockets and
    event loop belong to the thread that uses them. ``logs``: send the worker's stderr (its kernel's
    with it) to ``<root>/_build/logs/kernels-<pid>.log``, as the local pool does (a LocalCluster;
    a real cluster's workers keep their own logs).
    """

    name = PLUGIN
    idempotent = False

    def __init__(self, root: str, *, fresh: bool = False, logs: bool = False) -> None:
        self.root = root
        self.fresh = fresh
        self.logs = logs
        self.thread: ThreadPoolExecutor | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"root": self.root, "fresh": self.fresh, "logs": self.logs, "thread": None}

    def setup(self, worker: Any = None) -> None:
        self.thread = ThreadPoolExecutor(1, thread_name_prefix="comext-kernel")
        self.thread.submit(self._start)

    def _start(self) -> None:
        root = Path(self.root)
        if self.logs and root.is_dir():
            (root / LOGS).mkdir(parents=True, exist_ok=True)
            local_pool._send_stderr_to(root / LOGS)
        if not self.fresh and root.is_dir():
            local_pool._start_worker_kernel(root, wait=False)

    def run(self, function: Callable[..., PageResult], *args: Any, **kwargs: Any) -> PageResult:
        """``function(*args, **kwargs)`` in the kernel's thread; its result."""
        if self.thread is None:
            self.setup()
        return self.thread.submit(function, *args, **kwargs).result()

    def teardown(self, worker: Any = None) -> None:
        if self.thread is not None:
            self.thread.submit(_stop_kernel).result()
            self.thread.shutdown()
            self.thread = None


def _stop_kernel() -> None:
    kernel, local_pool._worker_kernel = local_pool._worker_kernel, None
    if kernel is not None:
        kernel.shutdown()


def missing_paths(root: str, data_dir: str, cache: str) -> list[str]:
    """The paths a page needs that this process cannot see (the book's template, its pages
    folder, the data and the cache)."""
    needed = [Path(root) / TEMPLATE, Path(root) / PAGES, Path(data_dir), Path(cache)]
    return [str(p) for p in needed if not p.exists()]


def run_page(params: PageParameters, *, root: Path, data_dir: Path, cache: Path, fresh: bool, pdf: bool) -> PageResult:
    """One page, as a dask task: in this worker's warm kernel (:class:`WarmKernelPlugin`), by the
    local pool's per-page function; a path this worker cannot see fails the page by name."""
    from distributed import get_worker

    worker = get_worker()
    missing = missing_paths(str(root), str(data_dir), str(cache))
    if missing:
        error = f"FileNotFoundError: {', '.join(missing)} introuvable(s) depuis le worker dask {worker.address}"
        return PageResult(params.slug, Path(root) / PAGES / f"{params.slug}.ipynb", False, 0.0, None, error)
    plugin = worker.plugins.get(PLUGIN)
    if plugin is None:
        return local_pool._run_in_worker(params, root=root, data_dir=data_dir, cache=cache, fresh=True, pdf=pdf)
    return plugin.run(local_pool._run_in_worker, params, root=root, data_dir=data_dir, cache=cache, fresh=fresh, pdf=pdf)


def _suspicious(dask_scheduler: Any, keys: list[str]) -> dict[str, int]:
    """On the scheduler: how many workers died while running each task of ``keys``."""
    return {key: ts.suspicious for key in keys if (ts := dask_scheduler.tasks.get(key)) is not None}


class DaskExecutor:
    """Page execution on a dask.distributed cluster, called like :func:`workers.execute_pages`.

    ``scheduler``: address of a running scheduler (``tcp://HOST:8786``); without one a
    ``LocalCluster`` of ``jobs`` single-threaded worker processes is started (and stopped once the
    pages are done, freeing the cores for Jupyter Book). The worker plugin is registered at once,
    so the workers' kernels start while the data is prepared. Raises :class:`ConfigError` when the
    scheduler cannot be reached.
    """

    def __init__(self, root: Path, *, jobs: int, scheduler: str | None = None, fresh_kernels: bool = False) -> None:
        logging.getLogger("distributed").setLevel(logging.CRITICAL)  # its warnings (a lost worker, a lost scheduler) become our French messages
        self.root = Path(root)
        self.scheduler = scheduler
        self.cluster: Any = None
        self.client: Any = None
        if scheduler:
            try:
                self.client = distributed.Client(scheduler, set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise ConfigError(
                    f"ordonnanceur dask injoignable à l'adresse {scheduler} ({type(exc).__name__}: {exc}). Vérifier que « dask scheduler » "
                    "tourne et que l'adresse est la bonne, ou construire sans --executor dask."
                ) from None
        else:  # started in the background: the workers and their kernels start while the data is prepared
            starter = ThreadPoolExecutor(1, thread_name_prefix="comext-local-cluster")
            self._starting: Future[None] | None = starter.submit(self._start_local, jobs, fresh_kernels)
            starter.shutdown(wait=False)
            return
        self.client.register_plugin(WarmKernelPlugin(str(self.root), fresh=fresh_kernels, logs=False), name=PLUGIN)

    _starting: Future[None] | None = None

    def _start_local(self, jobs: int, fresh_kernels: bool) -> None:
        """Start a LocalCluster of ``jobs`` single-threaded worker processes and their kernels."""
        (self.root / LOGS).mkdir(parents=True, exist_ok=True)
        for old in (self.root / LOGS).glob("kernels-*.log"):
            old.unlink(missing_ok=True)
        try:
            self.cluster = distributed.LocalCluster(
                n_workers=max(1, jobs), threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.CRITICAL,
            )
        except Exception as exc:  # noqa: BLE001 (a worker process that cannot start: one clear message)
            raise ConfigError(f"le LocalCluster dask n'a pas démarré ({type(exc).__name__}: {exc}) ; construire sans --executor dask.") from None
        self.client = distributed.Client(self.cluster, set_as_default=False)
        self.client.register_plugin(WarmKernelPlugin(str(self.root), fresh=fresh_kernels, logs=True), name=PLUGIN)

    def _ready(self) -> None:
        """Wait until the LocalCluster started in the background is up (raises its :class:`ConfigError`)."""
        starting, self._starting = self._starting, None
        if starting is not None:
            starting.result()

    def __call__(
        self,
        todo: list[PageParameters],
        *,
        root: Path,
        data_dir: Path,
        cache: Path,
        jobs: int = 1,
        keep_going: bool = True,
        fresh_kernels: bool = False,
        pdf: bool = False,
        on_done: Callable[[PageResult], object] = lambda r: None,
        workers: object = None,
        while_running: Callable[[], object] = lambda: None,
    ) -> list[PageResult]:
        """Execute ``todo`` on the cluster, as :func:`helpers.book.workers.execute_pages` does
        locally (scope pages first, ``on_done`` as each page ends, a failed page replaced by a
        notice with ``keep_going``); ``jobs`` and ``workers`` are the cluster's business here."""
        try:
            return self._execute(todo, root=Path(root), data_dir=Path(data_dir), cache=Path(cache), keep_going=keep_going,
                                 fresh=fresh_kernels, pdf=pdf, on_done=on_done, while_running=while_running)
        finally:
            if self.cluster is not None:
                self.close()  # the cores go to Jupyter Book

    def _execute(self, todo: list[PageParameters], *, root: Path, data_dir: Path, cache: Path, keep_going: bool, fresh: bool, pdf: bool,
                 on_done: Callable[[PageResult], object], while_running: Callable[[], object]) -> list[PageResult]:
        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        self._ready()
        if not todo:
            while_running()
            return []
        self._check_paths(root, data_dir, cache)
        ordered = sorted(todo, key=lambda p: p.slug.startswith("dep-"))  # stable: scope pages first
        futures = {
            self.client.submit(run_page, p, root=root, data_dir=data_dir, cache=cache, fresh=fresh, pdf=pdf, pure=False,
                               key=f"comext-page-{p.slug}-{os.urandom(4).hex()}", priority=len(ordered) - i): p
            for i, p in enumerate(ordered)
        }
        results: list[PageResult] = []
        try:
            while_running()
            for future in as_completed(futures, loop=self.client.loop):
                params = futures[future]
                try:
                    result = future.result()
                except CancelledError:
                    raise self._lost() from None
                except KilledWorker as exc:
                    result = self._failed(root, params, f"KilledWorker: le worker dask est mort à chaque tentative ({exc.allowed_failures + 1})")
                except Exception as exc:  # noqa: BLE001 (reported as the page's failure)
                    if self.client.status != "running":
                        raise self._lost() from None
                    result = self._failed(root, params, f"{type(exc).__name__}: {exc}")
                result = self._with_lost_workers(future.key, result)
                if not result.ok and keep_going:
                    local_pool.write_unavailable_page(result, params)
                results.append(result)
                on_done(result)
        except BaseException:  # Ctrl-C, a lost scheduler: no page left running
            with contextlib.suppress(Exception):
                self.client.cancel(list(futures))
            raise
        for partial in (root / PAGES).glob(".*.ipynb"):  # .<slug>.<pid>.ipynb of a worker killed mid-page
            if partial.name.split(".")[1] in {p.slug for p in todo}:
                partial.unlink(missing_ok=True)
        order = {p.slug: i for i, p in enumerate(todo)}
        return sorted(results, key=lambda r: order[r.slug])

    def _check_paths(self, root: Path, data_dir: Path, cache: Path) -> None:
        """:class:`ConfigError` naming each worker that cannot see a path a page needs."""
        try:
            missing = self.client.run(missing_paths, str(root), str(data_dir), str(cache))
        except (OSError, CancelledError) as exc:
            raise self._lost() from exc
        blind = {address: paths for address, paths in missing.items() if paths}
        if not self.client.scheduler_info().get("workers"):
            raise ConfigError(f"aucun worker dask n'est relié à l'ordonnanceur {self.scheduler} : lancer « dask worker {self.scheduler} --nthreads 1 ».")
        if blind:
            named = " ; ".join(f"{address} : {', '.join(paths)}" for address, paths in sorted(blind.items()))
            raise ConfigError(
                f"des workers dask ne voient pas les fichiers du livre aux mêmes chemins que cette machine — {named}. "
                "Le livre (dont pages/), les données et le cache doivent être dans un dossier partagé, monté au même chemin partout."
            )

    def _with_lost_workers(self, key: str, result: PageResult) -> PageResult:
        """``result`` whose attempts count the workers that died while running the page."""
        try:
            lost = self.client.run_on_scheduler(_suspicious, keys=[key]).get(key, 0)
        except Exception:  # noqa: BLE001 (the scheduler went away: the next page will say so)
            lost = 0
        return dataclasses.replace(result, attempts=result.attempts + lost) if lost else result

    @staticmethod
    def _failed(root: Path, params: PageParameters, error: str) -> PageResult:
        return PageResult(params.slug, root / PAGES / f"{params.slug}.ipynb", False, 0.0, None, error)

    def _lost(self) -> ConfigError:
        where = self.scheduler or "(LocalCluster)"
        return ConfigError(
            f"l'ordonnanceur dask {where} a cessé de répondre pendant la construction : site non publié (le précédent reste en place). "
            "Les fiches déjà écrites sont complètes : relancer comext build (avec ou sans --executor dask) reprend le travail."
        )

    def close(self) -> None:
        """Stop the workers' kernels (a remote cluster's workers stay), the client, the LocalCluster."""
        with contextlib.suppress(Exception):
            self._ready()  # a LocalCluster still starting: closed once up
        client, cluster, self.client, self.cluster = self.client, self.cluster, None, None
        if client is not None:
            if cluster is None:
                with contextlib.suppress(Exception):
                    client.unregister_worker_plugin(PLUGIN)
            with contextlib.suppress(Exception):
                client.close()
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
