"""Named `*_test.py` on purpose: pytest's default python_files matches both styles."""

from calc import divide, mean


def test_third(work):
    work(0.1)
    assert round(divide(1, 3), 3) == 0.333


def test_mean_of_integers_is_float(work):
    work(0.1)
    assert isinstance(mean([1, 2]), float)


def test_mean_rounding(work):
    work(0.1)
    assert round(mean([0.1] * 10), 10) == 0.1
