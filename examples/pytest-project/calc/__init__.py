"""A tiny calculator library."""

from calc.arith import add, divide, multiply, subtract
from calc.parse import evaluate, tokenize
from calc.stats import mean, median, stdev
from calc.text import slugify

__all__ = [
    "add",
    "divide",
    "evaluate",
    "mean",
    "median",
    "multiply",
    "slugify",
    "stdev",
    "subtract",
    "tokenize",
]
