"""The slow module: about 40 % of the suite's time, with an expensive module-scoped fixture."""

import random

import pytest

from calc import mean, median, stdev


@pytest.fixture(scope="module")
def samples(work):
    work(0.3)  # building the data set is paid once per module per shard
    rng = random.Random(1234)
    return [[rng.uniform(-100, 100) for _ in range(200)] for _ in range(10)]


@pytest.mark.slow
def test_mean_is_between_min_and_max(samples, work):
    work(0.25)
    for values in samples:
        assert min(values) <= mean(values) <= max(values)


@pytest.mark.slow
def test_median_is_between_min_and_max(samples, work):
    work(0.25)
    for values in samples:
        assert min(values) <= median(values) <= max(values)


@pytest.mark.slow
def test_stdev_is_not_negative(samples, work):
    work(0.25)
    assert all(stdev(values) >= 0 for values in samples)


@pytest.mark.slow
def test_mean_is_shift_equivariant(samples, work):
    work(0.25)
    for values in samples:
        assert mean([v + 10 for v in values]) == pytest.approx(mean(values) + 10)


@pytest.mark.slow
def test_stdev_is_shift_invariant(samples, work):
    work(0.25)
    for values in samples:
        assert stdev([v + 10 for v in values]) == pytest.approx(stdev(values))


@pytest.mark.slow
def test_median_of_sorted_equals_median(samples, work):
    work(0.25)
    for values in samples:
        assert median(sorted(values)) == median(values)


@pytest.mark.slow
def test_mean_scales(samples, work):
    work(0.25)
    for values in samples:
        assert mean([v * 3 for v in values]) == pytest.approx(mean(values) * 3)


@pytest.mark.slow
@pytest.mark.parametrize("size", [2, 3, 10])
def test_prefix_statistics(samples, work, size):
    work(0.25)
    for values in samples:
        prefix = values[:size]
        assert min(prefix) <= median(prefix) <= max(prefix)
        assert stdev(prefix) >= 0
