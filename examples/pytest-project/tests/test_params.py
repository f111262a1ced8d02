"""Parametrized tests whose ids hold spaces, brackets, slashes and non-ASCII text."""

import pytest

from calc import slugify


@pytest.mark.parametrize("s", ["a b", "[x]", "ünï"])
def test_slug_is_ascii(s, work):
    work(0.15)
    assert slugify(s).isascii()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Hello World", "hello-world"), ("a/b", "a-b"), ("  spaced  out  ", "spaced-out")],
    ids=["two words", "a/b", "leading [and] trailing"],
)
def test_slug_examples(text, expected, work):
    work(0.15)
    assert slugify(text) == expected
