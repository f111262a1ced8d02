import pytest

from calc import slugify


def test_empty(work):
    work(0.2)
    assert slugify("") == ""


def test_punctuation_is_dropped(work):
    work(0.2)
    assert slugify("Hi, there!") == "hi-there"


def test_accents_are_stripped(work):
    work(0.2)
    assert slugify("Crème Brûlée") == "creme-brulee"


@pytest.mark.xfail(reason="non-Latin scripts have no ASCII transliteration yet", strict=True)
def test_greek_is_transliterated(work):
    work(0.2)
    assert slugify("αβγ") == "abg"
