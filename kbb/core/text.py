"""Turkish text: case mapping, folding for search, alphabetical order, LIKE escaping.

Python's str.lower()/upper() are wrong for Turkish (I -> i instead of ı, İ -> i̇), so
every case change of Turkish text goes through this module.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from sqlalchemy import String, and_, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

_LOWER_SPECIAL = str.maketrans({"I": "ı", "İ": "i"})
_UPPER_SPECIAL = str.maketrans({"i": "İ", "ı": "I"})
# After Turkish lowering: letters that fold to their plain Latin base for search.
_FOLD = str.maketrans(
    {"ı": "i", "ş": "s", "ğ": "g", "ç": "c", "ö": "o", "ü": "u", "â": "a", "î": "i", "û": "u"}
)
# ICU's Turkish order (CLDR "tr"): q, w and x sit where Latin puts them.
TURKISH_ALPHABET = "abcçdefgğhıijklmnoöpqrsştuüvwxyz"
_RANK = {ch: i for i, ch in enumerate(TURKISH_ALPHABET)}


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(text: str | None) -> str | None:
    """Drop control characters (NUL and friends) that databases and Excel refuse.

    Tabs and line breaks stay. Use as a WTForms filter on free-text fields."""
    return _CONTROL.sub("", text) if text else text


def lower(text: str) -> str:
    """Lower-case by Turkish rules: I -> ı, İ -> i."""
    return text.translate(_LOWER_SPECIAL).lower()


def upper(text: str) -> str:
    """Upper-case by Turkish rules: i -> İ, ı -> I."""
    return text.translate(_UPPER_SPECIAL).upper()


def title(text: str) -> str:
    """Capitalise each word by Turkish rules ("ilgın belediyesi" -> "Ilgın Belediyesi")."""
    return " ".join(upper(w[:1]) + lower(w[1:]) for w in text.split(" "))


def fold(text: str | None) -> str:
    """A search key: Turkish lower case, diacritics removed, white space collapsed.

    "Ilgın", "ILGIN", "ilgin" and "ılgın" all fold to "ilgin"; "SEYDİŞEHİR" to "seydisehir".
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = lower(text).translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


@lru_cache(maxsize=8192)
def sort_key(text: str | None) -> tuple:
    """A key that orders strings by the Turkish alphabet (primary), then by case."""
    if not text:
        return ((), ())
    low = lower(unicodedata.normalize("NFC", text))
    primary = []
    for ch in low:
        if ch in _RANK:
            primary.append(1000 + _RANK[ch])
        elif ch.isdigit():
            primary.append(500 + ord(ch))
        else:
            base = unicodedata.normalize("NFKD", ch)[:1]
            primary.append(1000 + _RANK[base] if base in _RANK else ord(ch) % 500)
    secondary = tuple(0 if c == lc else 1 for c, lc in zip(text, low, strict=False))
    return (tuple(primary), secondary)


def compare(a: str | None, b: str | None) -> int:
    """cmp-style comparison in Turkish order; registered as SQLite's ``tr`` collation.

    SQLite calls it O(n log n) times per ORDER BY, so the keys are cached."""
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


def escape_like(term: str, escape: str = "\\") -> str:
    """Escape LIKE wildcards so that %, _ and the escape char match literally."""
    return term.replace(escape, escape * 2).replace("%", escape + "%").replace("_", escape + "_")


MAX_SEARCH_WORDS = 10


def search_words(query: str) -> list[str]:
    """The folded words of a search, each once, at most ``MAX_SEARCH_WORDS``."""
    return list(dict.fromkeys(fold(query).split()))[:MAX_SEARCH_WORDS]


def matches(column, query: str):
    """A SQL condition: the folded ``column`` contains every folded word of ``query`` (in
    any order, each literally): "imar meclis" finds "meclis kararı ve imar planı"."""
    words = search_words(query)
    if not words:  # nothing left after folding (e.g. only accents): like LIKE '%%'
        return true()
    return and_(*(column.like(f"%{escape_like(word)}%", escape="\\") for word in words))


class turkish(FunctionElement):
    """``expr COLLATE <Turkish>``: ICU's tr-TR on PostgreSQL, our ``tr`` collation on SQLite."""

    type = String()
    inherit_cache = True


@compiles(turkish)
def _turkish_default(element, compiler, **kw):
    return f"{compiler.process(element.clauses, **kw)} COLLATE tr"


@compiles(turkish, "postgresql")
def _turkish_pg(element, compiler, **kw):
    return f'{compiler.process(element.clauses, **kw)} COLLATE "tr-TR-x-icu"'


def register_sqlite_collation(dbapi_connection) -> None:
    """Register the ``tr`` collation (and a fold() SQL function) on a SQLite connection."""
    dbapi_connection.create_collation("tr", compare)
    dbapi_connection.create_function("tr_fold", 1, fold, deterministic=True)
