"""An emulation of pytest-split's ``--splits N --group I`` with ``--splitting-algorithm
least_duration``, for scripts/bench-suite.mjs (pytest-split itself cannot be installed here).

Follows jerry-git/pytest-split: src/pytest_split/algorithms.py (LeastDurationAlgorithm,
_get_items_with_durations) and src/pytest_split/plugin.py (PytestSplitPlugin):
https://github.com/jerry-git/pytest-split/blob/master/src/pytest_split/algorithms.py

Like pytest-split, every group collects (imports) the whole suite and deselects the other groups'
tests in ``pytest_collection_modifyitems``; there is deliberately no ``pytest_ignore_collect``.

    python -m pytest -p pytest_split_emulation --splits 4 --group 1 --durations-path .test_durations
"""

import heapq
import json

import pytest


def pytest_addoption(parser):
    group = parser.getgroup("pytest-split emulation")
    group.addoption("--splits", dest="splits", type=int)
    group.addoption("--group", dest="group", type=int)
    group.addoption("--durations-path", dest="durations_path", default=".test_durations")


def pytest_configure(config):
    if config.option.splits and config.option.group:
        config.pluginmanager.register(_SplitPlugin(config), "pytest_split_emulation_plugin")


class _SplitPlugin:
    def __init__(self, config):
        try:
            with open(config.option.durations_path, encoding="utf-8") as f:
                self.cached_durations = json.load(f)
        except FileNotFoundError:
            self.cached_durations = {}
        if isinstance(self.cached_durations, list):  # pytest-split's old list-of-pairs format
            self.cached_durations = dict(self.cached_durations)

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config, items):
        groups = least_duration(config.option.splits, items, self.cached_durations)
        selected, deselected, duration = groups[config.option.group - 1]
        items[:] = selected
        config.hook.pytest_deselected(items=deselected)
        # pytest-split prints the group and its estimate; the file count is for the benchmark.
        files = len({item.nodeid.split("::", 1)[0] for item in selected})
        config.pluginmanager.get_plugin("terminalreporter").write_line(
            f"[pytest-split emulation] Running group {config.option.group}/{config.option.splits}"
            f" (estimated duration: {duration:.2f}s, {files} files)"
        )


def least_duration(splits, items, durations):
    """LeastDurationAlgorithm: longest first onto the group with the smallest sum, ties by
    node id then by group index; each group keeps the collection order."""
    test_ids = {item.nodeid for item in items}
    relevant = {k: v for k, v in durations.items() if k in test_ids}
    avg = sum(relevant.values()) / len(relevant) if relevant else 1
    indexed = [(item, relevant.get(item.nodeid, avg), i) for i, item in enumerate(items)]
    indexed.sort(key=lambda t: t[0].nodeid)
    indexed.sort(key=lambda t: t[1], reverse=True)

    selected = [[] for _ in range(splits)]
    deselected = [[] for _ in range(splits)]
    duration = [0.0] * splits
    heap = [(0, i) for i in range(splits)]
    heapq.heapify(heap)
    for item, item_duration, original_index in indexed:
        summed, group = heapq.heappop(heap)
        selected[group].append((item, original_index))
        duration[group] = summed + item_duration
        for i in range(splits):
            if i != group:
                deselected[i].append(item)
        heapq.heappush(heap, (duration[group], group))
    return [
        ([item for item, _ in sorted(selected[i], key=lambda t: t[1])], deselected[i], duration[i])
        for i in range(splits)
    ]
