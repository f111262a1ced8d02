import os
import time

import pytest

# The sleeps stand in for real work so that durations are uneven. Tests of evenshard itself run
# this project with EVENSHARD_EXAMPLE_TIME_SCALE=0.05 to stay fast.
TIME_SCALE = float(os.environ.get("EVENSHARD_EXAMPLE_TIME_SCALE", "1"))

# EVENSHARD_EXAMPLE_FAIL=1 makes exactly one test fail (tests/test_arith.py::TestArithmetic::test_add).
FAIL = os.environ.get("EVENSHARD_EXAMPLE_FAIL") == "1"


def pause(seconds):
    time.sleep(seconds * TIME_SCALE)


# Session scope, so module-scoped fixtures can use it too.
@pytest.fixture(scope="session")
def work():
    """Simulated work: `work(0.2)` takes 0.2 s (scaled)."""
    return pause


@pytest.fixture
def fail_switch():
    return FAIL
