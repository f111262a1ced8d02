"""evenshard's pytest plugin: run one shard's selection and record what ran.

Loaded with ``-p evenshard_plugin`` (its folder on PYTHONPATH). Everything it needs comes from
environment variables, so a shard never passes test lists on the command line:

EVENSHARD_SELECTION
    Path of a UTF-8 JSON document::

        {"version": 1,
         "root": "/abs/path",            # evenshard's root; ids are relative to it
         "files": ["tests/a.py"],        # files this shard runs whole
         "splits": [{"file": "tests/b.py", "tests": ["tests/b.py::T::x[1]"],
                     "owner": false, "excluded": []}],
         "allFiles": ["tests/a.py", ...], # optional: every file some shard's selection names
         "unlisted": "run" | "skip",     # optional, default "run"
         "done": ["tests/a.py::T::y"]}   # optional: ids that already passed in an earlier attempt

    Test files that belong to another shard are never imported (``pytest_ignore_collect``); in a
    split file only this shard's part runs (``pytest_collection_modifyitems``). A "test file" is a
    file of ``allFiles`` when given, else a ``.py`` file matching pytest's ``python_files``. Items
    from other files (doctests of library modules, non-Python test items, files outside the plan)
    are "unlisted": evenshard's plan does not know them, so they run where ``unlisted`` is "run";
    the caller sets "run" on exactly one shard so they run once. Items whose id is in ``done``
    are deselected (a re-run attempt runs only what failed or did not report). When the variable
    is unset nothing is filtered (the plugin only records results).

EVENSHARD_SELECTION_WAIT
    Optional, POSIX only: the process id of the evenshard process that started pytest before
    planning. ``EVENSHARD_SELECTION`` may then not exist yet: the plugin waits for it at the end
    of ``pytest_configure`` (after the conftests and the other plugins' set-up), and stops with
    a usage error if that process ends first. A selection ``{"version": 1, "cancel": true}``
    ends pytest at once (exit 0): the shard has nothing to run.

EVENSHARD_RESULTS
    Path where the controller process writes (atomically) a UTF-8 JSON document::

        {"version": 1, "root": "/abs/path", "pytestVersion": "8.3.2", "exitStatus": 0,
         "sessionStart": 1700000000.12,   # epoch seconds; null when not reached
         "firstTestStart": 1700000000.53,
         "sessionEnd": 1700000004.87,
         "results": [{"id": "tests/a.py::T::x[1]", "outcome": "passed", "seconds": 0.25,
                      "kind": "test"},
                     {"id": "tests/broken.py", "outcome": "error", "seconds": 0.0,
                      "kind": "collect", "message": "ModuleNotFoundError: ..."}]}

    One entry per test (outcome passed/failed/skipped/error, seconds = setup + call + teardown)
    and one per collector that failed (a module that cannot be imported) or skipped itself, for
    this shard's files only (and unlisted ones where ``unlisted`` is "run"), so a module another
    shard runs is never reported twice. ``"finished": true`` marks a session that reached its end
    (a document without it, or no document, means pytest crashed, was killed or ``os._exit``-ed);
    ``"stopped"`` is pytest's reason when it stopped before running everything (``-x``,
    ``--maxfail``); ``"fatal"`` is set instead of results when pytest could not start the session
    (a conftest that fails to import). A test retried by pytest-rerunfailures (``--reruns``) also
    has ``"attempts"``: every attempt's outcome, oldest first, the last equal to ``outcome``
    (seconds then cover every attempt).

    While the session runs, the controller also appends each finished test's entry, one JSON
    object per line, to ``<path>.journal`` (and removes it once the document is written): a
    shard killed by a signal or ``os._exit`` still tells which tests it finished.

EVENSHARD_COLLECTION
    Path where the collecting process writes, once collection ends (before any test runs)::

        {"version": 1,
         "files": {"tests/a.py": {"tests": ["tests/a.py::test_x", ...], "fingerprint": "...",
                                  "split": true}},   # "split": only this shard's part runs
         "selected": ["tests/b.py::T::x[1]"],   # this shard's part of its split files
         "deselected": ["tests/a.py::test_y"]}  # selected here, then dropped by the command
                                                # (-k, -m, --deselect, --lf ...)

    ``files`` holds every file of this shard's selection that pytest collected, with all its
    test ids (before this shard's part is picked) and a fingerprint of the ids and their
    parameter values: shards that collect the same file compare them, which exposes ids that
    name different tests in different processes (parametrize over a set, ids from ``hash()``).
    Under pytest-xdist each worker collects and writes ``<path>.<worker id>``.

    What the shard paid beyond its tests' own work (see ``_CostRecorder``), all optional:
    a test entry also has ``"setup"``, ``"call"``, ``"teardown"`` (seconds of each phase) and
    ``"fixtureSeconds"`` (the part of its setup spent on module-, class-, package- or
    session-scoped fixtures, which it paid for its file, class or shard, not for itself);
    ``"collect": {"tests/a.py": 0.012}`` is each test file's collection (import) time, and
    ``"fixtures": [{"name": "db", "scope": "module", "node": "tests/a.py", "seconds": 1.2}]``
    every such fixture setup, with the file (module scope), class id (class scope) or ``""``
    (package and session scope) that paid it; ``"collectStart"``/``"collectEnd"`` bracket
    collection (epoch seconds; null under xdist, where the workers collect).

Only the standard library and pytest's public hooks are used; pytest >= 7 and pytest-xdist.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
import time

import pytest

SELECTION_ENV = "EVENSHARD_SELECTION"
RESULTS_ENV = "EVENSHARD_RESULTS"
COLLECTION_ENV = "EVENSHARD_COLLECTION"
WAIT_ENV = "EVENSHARD_SELECTION_WAIT"
SCHEMA_VERSION = 1


def _posix(path):
    """Selection paths may come from Windows; ids always use forward slashes."""
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def _canonical_id(test_id):
    """Normalise only the file part of an id: parameter ids may contain backslashes."""
    file_part, sep, rest = test_id.partition("::")
    return _posix(file_part) + sep + rest


class _Selection:
    def __init__(self, doc, source):
        if not isinstance(doc, dict) or doc.get("version") != SCHEMA_VERSION:
            raise pytest.UsageError(
                f"evenshard: {source}: expected a JSON object with \"version\": {SCHEMA_VERSION}"
            )
        try:
            self.whole = {_posix(f) for f in doc.get("files", [])}
            self.splits = {}
            for split in doc.get("splits", []):
                file = _posix(split["file"])
                self.splits[file] = (
                    bool(split.get("owner", False)),
                    {_canonical_id(t) for t in split.get("tests", [])},
                    {_canonical_id(t) for t in split.get("excluded", [])},
                )
            all_files = doc.get("allFiles")
            self.all_files = None if all_files is None else {_posix(f) for f in all_files}
        except (TypeError, KeyError, AttributeError) as exc:
            raise pytest.UsageError(f"evenshard: {source}: malformed selection ({exc!r})") from exc
        unlisted = doc.get("unlisted", "run")
        if unlisted not in ("run", "skip"):
            raise pytest.UsageError(f'evenshard: {source}: "unlisted" must be "run" or "skip"')
        self.run_unlisted = unlisted == "run"
        done = doc.get("done", [])
        if not isinstance(done, list):
            raise pytest.UsageError(f'evenshard: {source}: "done" must be a list of test ids')
        self.done = {_canonical_id(t) for t in done if isinstance(t, str)}

    def selects_file(self, rel):
        return rel in self.whole or rel in self.splits


class _State:
    def __init__(self, config):
        self.config = config
        self.selection = None
        root = None
        selection_path = os.environ.get(SELECTION_ENV)
        if selection_path:
            try:
                with open(selection_path, encoding="utf-8") as f:
                    doc = json.load(f)
            except (OSError, ValueError) as exc:
                raise pytest.UsageError(
                    f"evenshard: cannot read {SELECTION_ENV}={selection_path}: {exc}"
                ) from exc
            self.selection = _Selection(doc, selection_path)
            root = doc.get("root")
        # evenshard's root is the directory it runs pytest in unless the selection names it;
        # pytest's own rootdir can differ (a config file in a parent directory).
        root = os.path.abspath(root or str(config.invocation_params.dir))
        # Compare against the root as given and as resolved: macOS temp dirs are symlinks and
        # pytest builds paths from os.getcwd(), which is resolved.
        self.roots = [root]
        real = os.path.realpath(root)
        if real != root:
            self.roots.append(real)
        self.rootpath = str(config.rootpath)
        self._relative = {}
        self.python_files = config.getini("python_files")
        self.results = {}
        self.order = []
        self.session_start = None
        self.first_test_start = None
        self.session_end = None
        # Filled by _CostRecorder.
        self.collect_seconds = {}
        self.fixtures = []
        self.collect_start = None
        self.collect_end = None
        # file → [ids] of this shard's files as collected; ids this shard kept of split files.
        self.collected = {}
        self.collected_modules = set()  # this shard's files that imported, even with no tests
        self.selected = []
        self.kept = None
        self.journal_file = None

    def relative(self, path):
        """POSIX path of `path` relative to evenshard's root, or None when outside it."""
        key = str(path)
        if key not in self._relative:
            self._relative[key] = self._relative_uncached(key)
        return self._relative[key]

    def _relative_uncached(self, path):
        path = os.path.abspath(path)
        for root in self.roots:
            try:
                rel = os.path.relpath(path, root)
            except ValueError:  # another drive on Windows
                continue
            if rel != ".." and not rel.startswith(".." + os.sep) and not os.path.isabs(rel):
                return rel.replace(os.sep, "/")
        return None

    def canonical(self, nodeid):
        """Node id (relative to pytest's rootdir) → evenshard id (relative to evenshard's root)."""
        file_part, sep, rest = nodeid.partition("::")
        if not file_part:
            return nodeid
        rel = self.relative(os.path.join(self.rootpath, file_part))
        return (rel if rel is not None else file_part) + sep + rest

    def is_test_file(self, path, rel):
        if self.selection.all_files is not None:
            return rel in self.selection.all_files
        return _matches_python_files(path, self.python_files)

    def entry(self, test_id):
        entry = self.results.get(test_id)
        if entry is None:
            entry = self.results[test_id] = {"id": test_id, "outcome": None, "seconds": 0.0}
            self.order.append(test_id)
        return entry

    def saw_start(self, when):
        if self.first_test_start is None or when < self.first_test_start:
            self.first_test_start = when

    def failed_attempt(self, test_id, outcome):
        """pytest-rerunfailures reruns a failed test: remember the attempt; a later one decides."""
        entry = self.results.get(test_id)
        if entry is None:
            entry = self.results[test_id] = {"id": test_id, "outcome": None, "seconds": 0.0}
            self.order.append(test_id)
        entry.setdefault("attempts", []).append(outcome)

    def journal(self, test_id):
        """Append a finished test's entry to the journal. Line-buffered: each line reaches the
        file when written, so a SIGKILL or ``os._exit`` right after loses none of them."""
        path = os.environ.get(RESULTS_ENV)
        entry = self.results.get(test_id)
        if not path or entry is None or entry["outcome"] is None:
            return
        if self.journal_file is None:
            self.journal_file = open(f"{path}.journal", "a", encoding="utf-8", buffering=1)
        keep = ("id", "outcome", "seconds", "kind", "message", "fixtureSeconds")
        line = json.dumps({k: entry[k] for k in keep if k in entry}, ensure_ascii=True)
        self.journal_file.write(line + "\n")

    def close_journal(self):
        if self.journal_file is not None:
            self.journal_file.close()
            self.journal_file = None
        path = os.environ.get(RESULTS_ENV)
        if path:
            try:
                os.remove(f"{path}.journal")
            except OSError:
                pass

    def record(self, test_id, outcome, seconds, kind, message=None):
        entry = self.entry(test_id)
        entry["seconds"] += seconds
        entry["kind"] = kind
        if outcome is not None:
            entry["outcome"] = outcome
        if message and "message" not in entry:  # the first failure explains the others
            entry["message"] = message


def _matches_python_files(path, patterns):
    """pytest's `fnmatch_ex`: a pattern without a separator matches the file name, one with a
    separator matches the end of the full path."""
    path = str(path)
    name = os.path.basename(path)
    for pattern in patterns:
        if "/" in pattern or os.sep in pattern:
            if fnmatch.fnmatch(path.replace(os.sep, "/"), "*/" + pattern.replace(os.sep, "/")):
                return True
        elif fnmatch.fnmatch(name, pattern):
            return True
    return False


# trylast: the other plugins' set-up (pytest-django's django.setup(), say) also runs before the
# wait for a selection that evenshard is still planning (EVENSHARD_SELECTION_WAIT).
@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    major = int(pytest.__version__.split(".")[0])
    if major < 7:  # the hooks below use pytest 7's `collection_path` and `item.path`
        raise pytest.UsageError(f"evenshard needs pytest >= 7, found {pytest.__version__}")
    _wait_for_selection()
    plugin = _Plugin(config)
    config.pluginmanager.register(plugin, "evenshard")
    config.pluginmanager.register(_CostRecorder(plugin.state), "evenshard-costs")


def _wait_for_selection():
    """Started before its plan existed, wait until evenshard writes the selection (atomically,
    so it exists whole or not at all): Python's and pytest's start-up, the conftest imports and
    the plugins' set-up then overlap evenshard's history fetch and planning. Gives up when the
    evenshard process that promised it is gone. A selection that says "cancel" (the shard has
    nothing to run) ends the process at once: no test has been collected or run."""
    waiting_for = os.environ.get(WAIT_ENV)
    path = os.environ.get(SELECTION_ENV)
    if not waiting_for or not path or os.name == "nt":
        return
    try:
        pid = int(waiting_for)
    except ValueError:
        raise pytest.UsageError(f"evenshard: {WAIT_ENV}={waiting_for!r} is not a process id")
    checked = time.monotonic()
    while not os.path.exists(path):
        time.sleep(0.005)
        if time.monotonic() - checked >= 0.2:
            checked = time.monotonic()
            try:
                os.kill(pid, 0)  # signal 0 only asks whether the process exists (POSIX)
            except ProcessLookupError:
                raise pytest.UsageError(
                    f"evenshard (process {pid}) stopped before handing over this shard's selection"
                )
            except PermissionError:
                pass  # it exists, under another user
    try:
        with open(path, encoding="utf-8") as f:
            cancelled = json.load(f).get("cancel")
    except (OSError, ValueError, AttributeError):
        return  # _State reads it again and reports what is wrong with it
    if cancelled:
        os._exit(0)


class _Plugin:
    """The hooks, as methods: report hooks get no `config` argument, the instance keeps it."""

    def __init__(self, config):
        self.config = config
        self.state = _State(config)
        # Under pytest-xdist only the controller sees every report and writes the results.
        self.controller = not hasattr(config, "workerinput")

    def pytest_sessionstart(self, session):
        self.state.session_start = time.time()

    def pytest_ignore_collect(self, collection_path, config):
        """Skip test files of other shards before they are imported. Directories are always
        traversed, conftest.py and __init__.py always load, and files named on the command line
        never reach this hook (pytest collects initial paths unconditionally)."""
        state = self.state
        if state.selection is None or collection_path.suffix != ".py":
            return None
        if collection_path.name in ("conftest.py", "__init__.py") or not collection_path.is_file():
            return None
        rel = state.relative(collection_path)
        if rel is None or state.selection.selects_file(rel):
            return None
        if state.is_test_file(collection_path, rel):
            return True
        return None

    # tryfirst: later plugins (ordering, -k, xdist's scheduling) see only this shard's items.
    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, session, config, items):
        state = self.state
        selection = state.selection
        if selection is None:
            return
        kept, deselected = [], []
        for item in items:
            path = getattr(item, "path", None)
            rel = state.relative(path) if path is not None else None
            if rel is not None and rel in selection.whole:
                keep = True
                state.collected.setdefault(rel, []).append(item)
            elif rel is not None and rel in selection.splits:
                owner, tests, excluded = selection.splits[rel]
                test_id = state.canonical(item.nodeid)
                keep = test_id not in excluded if owner else test_id in tests
                state.collected.setdefault(rel, []).append(item)
                if keep:
                    state.selected.append(test_id)
            elif rel is not None and path.suffix == ".py" and state.is_test_file(path, rel):
                keep = False  # another shard's file, named on the command line
            else:
                keep = selection.run_unlisted
            if keep and selection.done and state.canonical(item.nodeid) in selection.done:
                keep = False  # passed in an earlier attempt of this run
            (kept if keep else deselected).append(item)
        state.kept = kept
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = kept

    def pytest_collection_finish(self, session):
        """Record what this process collected before any test runs: a shard that dies later
        still tells the merge which tests it had."""
        path = os.environ.get(COLLECTION_ENV)
        if not path:
            return
        workerinput = getattr(self.config, "workerinput", None)
        if workerinput is not None:
            path = f"{path}.{workerinput.get('workerid', 'worker')}"
        state = self.state
        final = {id(item) for item in session.items}
        deselected = [
            state.canonical(item.nodeid) for item in (state.kept or []) if id(item) not in final
        ]
        files = {}
        for rel, file_items in state.collected.items():
            ids = [state.canonical(item.nodeid) for item in file_items]
            files[rel] = {"tests": ids, "fingerprint": _fingerprint(ids, file_items)}
            if rel in state.selection.splits:
                files[rel]["split"] = True
        for rel in state.collected_modules:
            files.setdefault(rel, {"tests": [], "fingerprint": _fingerprint([], [])})
        _write_atomically(
            path,
            {"version": SCHEMA_VERSION, "files": files, "selected": state.selected,
             "deselected": deselected},
        )

    def pytest_runtest_logstart(self, nodeid, location):
        # Under xdist the controller gets this when a worker starts the test.
        if self.controller:
            self.state.saw_start(time.time())

    def pytest_runtest_logreport(self, report):
        if not self.controller:
            return
        state = self.state
        if report.when == "setup":
            started = getattr(report, "start", None)  # exact worker time, pytest >= 8 only
            if started is not None:
                state.saw_start(started)
        test_id = state.canonical(report.nodeid)
        outcome = _outcome(report, state.results.get(test_id))
        rerun = report.outcome == "rerun"
        if rerun:
            state.failed_attempt(test_id, "error" if report.when != "call" else "failed")
        message = _message(report) if report.failed or rerun else None
        state.record(test_id, outcome, float(report.duration or 0.0), "test", message)
        if report.when == "teardown" and not rerun:
            state.journal(test_id)

    def pytest_collectreport(self, report):
        state = self.state
        if report.passed:
            rel = self._collected_file(report.nodeid)
            if rel is not None and state.selection is not None and state.selection.selects_file(rel):
                state.collected_modules.add(rel)
            return
        if not self.controller:
            return
        # A module that fails to import (or skips itself) has no test ids: report the
        # collector's own id (the file, for a module) so it is not silently lost. Only for this
        # shard's files: every shard imports a module outside the plan, one reports it.
        if state.selection is not None:
            rel = self._collected_file(report.nodeid)
            mine = rel is not None and state.selection.selects_file(rel)
            if not mine and not state.selection.run_unlisted:
                return
        state.record(
            state.canonical(report.nodeid) or ".",
            "error" if report.failed else "skipped",
            0.0,
            "collect",
            _message(report) if report.failed else None,
        )
        state.journal(state.canonical(report.nodeid) or ".")

    def _collected_file(self, nodeid):
        """The file (relative to evenshard's root) a collector's node id names, if any."""
        file_part = nodeid.partition("::")[0]
        if not file_part:
            return None
        return self.state.relative(os.path.join(self.state.rootpath, file_part))

    def pytest_sessionfinish(self, session, exitstatus):
        if not self.controller:
            return
        state = self.state
        state.session_end = time.time()
        path = os.environ.get(RESULTS_ENV)
        if not path:
            return
        results = [state.results[i] for i in state.order]
        for entry in results:
            if entry["outcome"] is None:  # only rerun reports arrived: it never finished
                entry["outcome"] = "error"
            if "attempts" in entry:
                entry["attempts"].append(entry["outcome"])
        _write_atomically(
            path,
            {
                "version": SCHEMA_VERSION,
                "root": state.roots[0],
                "pytestVersion": pytest.__version__,
                "exitStatus": int(exitstatus),
                "finished": True,
                "stopped": _stop_reason(session),
                "sessionStart": state.session_start,
                "firstTestStart": state.first_test_start,
                "sessionEnd": state.session_end,
                "collectStart": state.collect_start,
                "collectEnd": state.collect_end,
                "collect": state.collect_seconds,
                "fixtures": state.fixtures,
                "results": results,
            },
        )
        state.close_journal()


class _CostRecorder:
    """What a shard pays beyond its tests' own work, measured where it is paid.

    A module- or class-scoped fixture is set up by whichever test of the file (class) runs first
    in this shard, so its time lands in that test's setup; charged to that test, a split file's
    other visits look free. Timing each fixture setup (``pytest_fixture_setup``) and each file's
    collection, and handing both over with the test report (so that it crosses xdist's wire),
    lets evenshard charge them to the file, class or shard that pays them on every visit.
    """

    SHARED_SCOPES = ("module", "class", "package", "session")

    def __init__(self, state):
        self.state = state
        self.pending = []  # fixture setups since the last test's setup report (this process)
        self.controller = not hasattr(state.config, "workerinput")

    def pytest_collection(self, session):
        self.state.collect_start = time.time()

    def pytest_collection_finish(self, session):
        self.state.collect_end = time.time()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_make_collect_report(self, collector):
        # pytest 7's Package is a Module (its __init__.py): a per-process cost, not a file's.
        if not isinstance(collector, pytest.Module) or isinstance(collector, pytest.Package):
            yield
            return
        started = time.perf_counter()
        yield  # a Module collects by importing its file
        rel = self.state.relative(collector.path)
        if rel is not None:
            seconds = time.perf_counter() - started
            self.state.collect_seconds[rel] = self.state.collect_seconds.get(rel, 0.0) + seconds

    @pytest.hookimpl(hookwrapper=True)
    def pytest_fixture_setup(self, fixturedef, request):
        started = time.perf_counter()
        yield
        scope = fixturedef.scope
        if scope not in self.SHARED_SCOPES:
            return
        node = ""
        if scope in ("module", "class"):
            path = getattr(request.node, "path", None)
            if scope == "module" and path is not None:
                node = self.state.relative(path) or ""
            else:
                node = self.state.canonical(request.node.nodeid)
        self.pending.append(
            {
                "name": fixturedef.argname,
                "scope": scope,
                "node": node,
                "seconds": time.perf_counter() - started,
            }
        )

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        if call.when == "setup" and self.pending:
            # A plain attribute: xdist serialises a report's __dict__ to the controller.
            outcome.get_result().evenshard_fixtures = self.pending
            self.pending = []

    def pytest_runtest_logreport(self, report):
        if not self.controller:
            return
        entry = self.state.entry(self.state.canonical(report.nodeid))
        entry[report.when] = entry.get(report.when, 0.0) + float(report.duration or 0.0)
        fixtures = getattr(report, "evenshard_fixtures", None) or []
        if fixtures:
            paid = sum(f["seconds"] for f in fixtures)
            entry["fixtureSeconds"] = entry.get("fixtureSeconds", 0.0) + paid
            self.state.fixtures.extend(fixtures)


def _stop_reason(session):
    """pytest's reason for stopping before the end (-x, --maxfail, pytest.exit), or None."""
    for reason in (getattr(session, "shouldfail", False), getattr(session, "shouldstop", False)):
        if reason:
            return str(reason)[:500]
    return None


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _fingerprint(ids, items):
    """Digest of a file's test ids and what each one's parameters are. Equal in every process
    when ids are stable; ``<object at 0x…>`` addresses are left out (they always differ)."""
    parts = []
    for test_id, item in zip(ids, items):
        callspec = getattr(item, "callspec", None)
        params = getattr(callspec, "params", None) or {}
        shown = ",".join(f"{k}={_ADDRESS.sub('', _safe_repr(v))}" for k, v in sorted(params.items()))
        parts.append(f"{test_id}\0{shown}")
    digest = hashlib.sha256("\n".join(sorted(parts)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def _safe_repr(value):
    try:
        return repr(value)[:200]
    except Exception:  # a broken __repr__ must not break collection
        return type(value).__name__


@pytest.hookimpl(hookwrapper=True)
def pytest_load_initial_conftests(early_config, parser, args):
    """A conftest that fails to import stops pytest before the session starts (exit 4): say so in
    the results, so the shard is headlined with the cause and not as a lost shard."""
    outcome = yield
    path = os.environ.get(RESULTS_ENV)
    if outcome.excinfo is None or not path or os.environ.get("PYTEST_XDIST_WORKER"):
        return
    exc = outcome.excinfo[1]
    # pytest >= 8 keeps the import error as `cause`, pytest 7 as an `excinfo` tuple.
    cause = getattr(exc, "cause", None)
    if cause is None:
        info = getattr(exc, "excinfo", None)
        cause = info[1] if isinstance(info, tuple) and len(info) > 1 else None
    cause_text = ""
    if cause is not None:
        cause_text = (f"{type(cause).__name__}: {cause}".splitlines() or [""])[0][:500]
    root = os.path.abspath(str(early_config.invocation_params.dir))
    where = getattr(exc, "path", None)
    if where is None:
        where = "a conftest.py"
    else:
        where = str(where)
        rel = os.path.relpath(where, root) if os.path.isabs(where) else where
        where = where if rel.startswith("..") else rel.replace(os.sep, "/")
    _write_atomically(
        path,
        {
            "version": SCHEMA_VERSION,
            "root": root,
            "pytestVersion": pytest.__version__,
            "exitStatus": 4,
            "finished": False,
            "fatal": f"{where} failed to import" + (f": {cause_text}" if cause_text else ""),
            "sessionStart": None,
            "firstTestStart": None,
            "sessionEnd": None,
            "results": [],
        },
    )


def _outcome(report, entry):
    """Map one phase report to the test's outcome so far (None: leave it as it is)."""
    current = entry["outcome"] if entry else None
    if report.outcome == "rerun":  # pytest-rerunfailures: a later attempt decides
        return None
    if report.when == "setup":
        if report.failed:
            return "error"
        if report.skipped:  # skip marks and xfail(run=False) both end here
            return "skipped"
        return "passed"
    if report.when == "call":
        if report.failed:  # includes a strict XPASS
            return "failed"
        if report.skipped:  # a skip inside the test, or an xfail
            return "skipped"
        return "passed"  # includes a non-strict XPASS
    # teardown: an error after a passing or skipped test is an error; a failed call stays failed
    if report.failed and current != "failed":
        return "error"
    return None


def _message(report):
    """First line of what went wrong: the exception message, else the first `E` line."""
    crash = getattr(report.longrepr, "reprcrash", None)
    text = getattr(crash, "message", None) or ""
    if not text:
        lines = [line for line in report.longreprtext.splitlines() if line.strip()]
        errors = [line[1:].strip() for line in lines if line.startswith("E ")]
        text = errors[0] if errors else (lines[-1] if lines else "")
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first[:500]


def _write_atomically(path, doc):
    # Readers must never see a half-written file: write beside it, then rename over it.
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=True, separators=(",", ":"))
    os.replace(tmp, path)
