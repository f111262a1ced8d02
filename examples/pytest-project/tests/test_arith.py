import pytest

from calc import add, divide, multiply, subtract


class TestArithmetic:
    def test_add(self, work, fail_switch):
        work(0.1)
        assert add(2, 2) == (5 if fail_switch else 4)

    def test_subtract(self, work):
        work(0.1)
        assert subtract(5, 7) == -2

    def test_multiply(self, work):
        work(0.1)
        assert multiply(-3, 4) == -12

    def test_divide(self, work):
        work(0.1)
        assert divide(7, 2) == 3.5

    def test_divide_by_zero(self, work):
        work(0.1)
        with pytest.raises(ZeroDivisionError):
            divide(1, 0)

    def test_float_addition(self, work):
        work(0.1)
        assert add(0.1, 0.2) == pytest.approx(0.3)


def test_add_is_commutative(work):
    work(0.1)
    assert all(add(a, b) == add(b, a) for a in range(-5, 5) for b in range(-5, 5))


def test_multiply_by_zero(work):
    work(0.1)
    assert multiply(123, 0) == 0
