import pytest

from calc import evaluate, tokenize


def test_tokenize(work):
    work(0.15)
    assert tokenize("1 + 2.5*(3)") == [1, "+", 2.5, "*", "(", 3, ")"]


def test_precedence(work):
    work(0.15)
    assert evaluate("1 + 2 * 3") == 7


def test_parentheses(work):
    work(0.15)
    assert evaluate("(1 + 2) * -3") == -9


def test_rejects_garbage(work):
    work(0.15)
    with pytest.raises(ValueError):
        evaluate("1 + $")
