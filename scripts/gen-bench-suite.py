#!/usr/bin/env python3
"""Generate the pytest suite that scripts/bench-suite.mjs shards: deterministic (seeded), no
third-party packages, durations by time.sleep so that two shared cores are never the bottleneck.

    python3 scripts/gen-bench-suite.py OUT_DIR [--quick] [--seed N] [--test-seconds S]

Shape, calibrated on the real timing files in ../shared/bench/durations (there one file holds
17-71 % of the time and the rest is heavy-tailed):

- ~200 test files in nested packages; one file holds ~35 % of the time (the suite's
  "integration" file), the others get log-normal shares;
- log-normal test durations within a file; plain tests, parametrized tests and test classes
  (some with a class-scoped fixture);
- an autouse module-scoped fixture with a setup cost in about a third of the files, so a file
  split across shards pays its setup in each of them;
- a session-scoped autouse fixture (a test database, say) that every pytest process pays;
- import cost: the shared helper package costs 40 ms to import once and every test module costs
  a few ms more for its own imports, so collecting (importing) the whole suite has a real price.

Writes OUT_DIR/suite.json with the suite's numbers for the report. OUT_DIR is replaced.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil

FULL = {"files": 200, "tests": 4000, "test_seconds": 60.0}
QUICK = {"files": 24, "tests": 400, "test_seconds": 8.0}

BIG_FILE = "tests/integration/test_workflows.py"
BIG_FILE_SHARE = 0.35  # of the time spent in tests
BIG_FILE_TESTS = 0.08  # of the tests
SESSION_SETUP = 0.5  # seconds, every pytest process
HELPER_IMPORT = 0.04  # seconds, once per process
MAX_TEST_SECONDS = 2.5  # keep the lower bound at total/N, not at one long test

PACKAGES = [
    "tests/api/v1",
    "tests/api/v2",
    "tests/models",
    "tests/services/billing",
    "tests/services/search",
    "tests/services/notify",
    "tests/integration",
    "tests/utils",
    "tests/cli",
    "tests/storage/sql",
    "tests/storage/blob",
    "tests/auth",
    "tests/api/v1/admin",
    "tests/services/billing/tax",
    "tests/workers",
    "tests/ui/forms",
]
WORDS = [
    "account", "audit", "batch", "cache", "config", "export", "filter", "graph", "import",
    "invoice", "ledger", "mapping", "merge", "order", "parser", "policy", "query", "quota",
    "report", "schema", "session", "sync", "token", "upload", "user", "view", "webhook",
]


def lognormal_shares(rng, n, sigma):
    values = [rng.lognormvariate(0.0, sigma) for _ in range(n)]
    total = sum(values)
    return [v / total for v in values]


def split_count(total, weights, minimum=1):
    """`total` items over len(weights) bins in proportion to weights, each bin >= minimum."""
    raw = [w / sum(weights) * (total - minimum * len(weights)) for w in weights]
    counts = [minimum + int(r) for r in raw]
    order = sorted(range(len(weights)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def sec(value):
    return f"{max(value, 0.0):.4f}"


class FileSpec:
    def __init__(self, path, seconds, tests, module_setup, import_cost):
        self.path = path
        self.seconds = seconds  # test time including the module fixture's setup
        self.tests = tests
        self.module_setup = module_setup
        self.import_cost = import_cost


def plan_files(rng, size):
    n_files, n_tests, total = size["files"], size["tests"], size["test_seconds"]
    big_tests = max(2, round(n_tests * BIG_FILE_TESTS))
    others = n_files - 1
    shares = lognormal_shares(rng, others, 1.3)
    # More tests where there is more time, loosely: counts follow sqrt(share) with noise.
    count_weights = [math.sqrt(s) * rng.lognormvariate(0.0, 0.6) for s in shares]
    counts = split_count(n_tests - big_tests, count_weights)

    names = set()
    # Its module fixture (1 s in the full suite) is what splitting the file costs per extra shard.
    specs = [FileSpec(BIG_FILE, total * BIG_FILE_SHARE, big_tests, total / 60, 0.06)]
    names.add(BIG_FILE)
    for share, count in zip(shares, counts):
        while True:
            pkg = rng.choice(PACKAGES)
            path = f"{pkg}/test_{rng.choice(WORDS)}_{rng.choice(WORDS)}.py"
            if path not in names:
                break
        names.add(path)
        seconds = total * (1 - BIG_FILE_SHARE) * share
        # A third of the files set something up once per module (a few % of their time, at
        # least 20 ms); it is part of the file's time.
        setup = max(0.02, seconds * rng.uniform(0.03, 0.15)) if rng.random() < 0.35 else 0.0
        import_cost = min(0.08, rng.lognormvariate(math.log(0.012), 0.6))
        specs.append(FileSpec(path, seconds, count, setup, import_cost))
    return specs


def test_durations(rng, spec):
    """Per-test seconds summing to the file's time minus its module setup, none too long."""
    budget = max(spec.seconds - spec.module_setup, 0.0005 * spec.tests)
    shares = lognormal_shares(rng, spec.tests, 1.1)
    durations = [min(budget * s, MAX_TEST_SECONDS) for s in shares]
    return durations


def render_file(rng, spec):
    durations = test_durations(rng, spec)
    lines = [
        f'"""Generated by scripts/gen-bench-suite.py: {spec.tests} tests."""',
        "import pytest",
        "",
        "from benchlib import import_cost, work",
        "",
        "# Stands in for this module's own imports (models, factories, fixtures data).",
        f"import_cost({sec(spec.import_cost)})",
        "",
    ]
    if spec.module_setup > 0:
        lines += [
            "",
            '@pytest.fixture(scope="module", autouse=True)',
            "def module_resource():",
            f"    work({sec(spec.module_setup)})",
            "    yield",
            "",
        ]
    i = 0
    unit = 0
    while i < len(durations):
        left = len(durations) - i
        kind = rng.random()
        unit += 1
        word = rng.choice(WORDS)
        if kind < 0.45 or left == 1:
            lines += ["", f"def test_{word}_{unit}():", f"    work({sec(durations[i])})", ""]
            i += 1
        elif kind < 0.75:
            k = min(left, rng.randint(2, 12))
            cases = ", ".join(sec(d) for d in durations[i : i + k])
            lines += [
                "",
                f'@pytest.mark.parametrize("seconds", [{cases}], ids=[{", ".join(repr(f"c{j}") for j in range(k))}])',
                f"def test_{word}_{unit}(seconds):",
                "    work(seconds)",
                "",
            ]
            i += k
        else:
            k = min(left, rng.randint(2, 8))
            cls = ["", f"class Test{word.capitalize()}{unit}:"]
            if rng.random() < 0.3:
                # Taken from the first test's time, so the file's total stays as planned.
                cost = durations[i] / 2
                durations[i] -= cost
                cls += [
                    '    @pytest.fixture(scope="class", autouse=True)',
                    "    def prepared(self):",
                    f"        work({sec(cost)})",
                    "",
                ]
            for j in range(k):
                cls += [
                    f"    def test_{rng.choice(WORDS)}_{j}(self):",
                    f"        work({sec(durations[i + j])})",
                    "",
                ]
            lines += cls
            i += k
    return "\n".join(lines).rstrip() + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


BENCHLIB = f'''"""Shared test helpers of the generated suite. Importing it costs {HELPER_IMPORT * 1000:.0f} ms, once per process,
like a real project's helper package pulling in its framework."""
import time

time.sleep({HELPER_IMPORT})


def work(seconds):
    """A test's own work: sleeping keeps the CPU free, so shards measured one after another
    are not disturbed by other processes on a small machine."""
    time.sleep(seconds)


def import_cost(seconds):
    time.sleep(seconds)
'''

ROOT_CONFTEST = f'''import pytest

from benchlib import work


@pytest.fixture(scope="session", autouse=True)
def database():
    """Every pytest process pays this once (creating a test database, say)."""
    work({SESSION_SETUP})
    yield
'''


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--quick", action="store_true", help="a small suite for a smoke run")
    parser.add_argument("--seed", type=int, default=20261121)
    parser.add_argument(
        "--test-seconds",
        type=float,
        help="total test time (default 60, 8 with --quick): a longer suite, same files, tests, "
        "imports and session fixture; module and class fixtures grow with the tests",
    )
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    if args.test_seconds is not None:
        if args.test_seconds <= 0:
            parser.error(f"--test-seconds must be a positive number of seconds (got {args.test_seconds})")
        size = {**size, "test_seconds": args.test_seconds}
    rng = random.Random(args.seed)
    out = os.path.abspath(args.out)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)

    specs = plan_files(rng, size)
    write(os.path.join(out, "pytest.ini"), "[pytest]\ntestpaths = tests\npython_files = test_*.py\n")
    write(os.path.join(out, "benchlib", "__init__.py"), BENCHLIB)
    write(os.path.join(out, "tests", "conftest.py"), ROOT_CONFTEST)
    packages = {os.path.dirname(s.path) for s in specs}
    for pkg in sorted(packages):
        parts = pkg.split("/")
        for depth in range(1, len(parts) + 1):
            init = os.path.join(out, *parts[:depth], "__init__.py")
            if not os.path.exists(init):
                write(init, "")
    for spec in sorted(specs, key=lambda s: s.path):
        write(os.path.join(out, spec.path), render_file(rng, spec))

    by_seconds = sorted(specs, key=lambda s: s.seconds, reverse=True)
    total = sum(s.seconds for s in specs)
    summary = {
        "seed": args.seed,
        "quick": args.quick,
        "files": len(specs),
        "tests": sum(s.tests for s in specs),
        "packages": len(packages),
        "testSeconds": round(total, 3),
        "moduleFixtureFiles": sum(1 for s in specs if s.module_setup > 0),
        "importSeconds": round(HELPER_IMPORT + sum(s.import_cost for s in specs), 3),
        "sessionSetupSeconds": SESSION_SETUP,
        "topFileShares": [[s.path, round(s.seconds / total, 4)] for s in by_seconds[:5]],
    }
    write(os.path.join(out, "suite.json"), json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
