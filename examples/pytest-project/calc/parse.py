import operator
import re

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|(.))")
_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def tokenize(expression):
    tokens = []
    for number, symbol in _TOKEN.findall(expression):
        if number:
            tokens.append(float(number) if "." in number else int(number))
        elif symbol.strip():
            if symbol not in _OPS and symbol not in "()":
                raise ValueError(f"unexpected character {symbol!r}")
            tokens.append(symbol)
    return tokens


def evaluate(expression):
    """Evaluate + - * / and parentheses with the usual precedence."""
    tokens = tokenize(expression)
    position = 0

    def peek():
        return tokens[position] if position < len(tokens) else None

    def take():
        nonlocal position
        position += 1
        return tokens[position - 1]

    def atom():
        token = take()
        if token == "(":
            value = expr()
            if take() != ")":
                raise ValueError("missing ')'")
            return value
        if token == "-":
            return -atom()
        if isinstance(token, (int, float)):
            return token
        raise ValueError(f"unexpected token {token!r}")

    def term():
        value = atom()
        while peek() in ("*", "/"):
            value = _OPS[take()](value, atom())
        return value

    def expr():
        value = term()
        while peek() in ("+", "-"):
            value = _OPS[take()](value, term())
        return value

    result = expr()
    if position != len(tokens):
        raise ValueError(f"unexpected token {tokens[position]!r}")
    return result
