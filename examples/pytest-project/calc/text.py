import re
import unicodedata


def slugify(text):
    """Lower-case ASCII words joined by dashes: 'Ünï Code!' -> 'uni-code'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)
