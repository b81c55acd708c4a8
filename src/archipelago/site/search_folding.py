"""Accent-free spellings in Material's search index, so that `tomas` finds Tomás Reyes.

Material's lunr search matches words exactly as written: visitors who type a name without
its accents (most do, on a phone) find nothing. For each indexed section, the words that
carry accents are added again without them, inside a `<span hidden>`: lunr indexes the text
of every element, and the result list, which renders the index as HTML, does not show it.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata

#: Letters NFKD does not take apart, written as a visitor types them without accents.
_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)
#: Latin letters that may carry accents: Latin-1, Latin Extended-A and -B, and Latin
#: Extended Additional (U+1E00-U+1EFF), where Vietnamese and others live.
_ACCENTABLE = "\u00c0-\u024f\u1e00-\u1eff"
_ACCENTED = re.compile(f"[{_ACCENTABLE}]")
#: The same letters in the index file: as the JSON escapes Material writes (`\u00e1`), or
#: as UTF-8, should it ever write them as they are.
_ENCODED_ACCENTED = re.compile(
    rb"\\u(?:00[c-fC-F]|0[12][0-9a-fA-F]|1[eE][0-9a-fA-F])[0-9a-fA-F]"
    rb"|[\xc3-\xc9][\x80-\xbf]|\xe1[\xb8-\xbb][\x80-\xbf]"
)
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")


def without_accents(word: str) -> str:
    """``Tomás`` → ``Tomas``, ``Łódź`` → ``Lodz``; other scripts stay as they are."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def unaccented_words(markup: str) -> list[str]:
    """The words of ``markup``'s text that read differently without accents, in that form,
    each once, in order of appearance."""
    text = html.unescape(_TAG.sub(" ", markup))
    seen = {word.casefold() for word in _WORD.findall(text)}
    found: list[str] = []
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        plain = without_accents(word)
        if plain != word and plain.casefold() not in seen:
            seen.add(plain.casefold())
            found.append(plain)
    return found


def fold_search_index(index: bytes) -> bytes | None:
    """Material's search_index.json with accent-free spellings added; None when it needs none.

    An index with no Latin letter beyond ASCII has no accented word: it is left alone without
    being parsed (a big show's index runs to megabytes).
    """
    if not _ENCODED_ACCENTED.search(index):
        return None
    data = json.loads(index)
    docs = data.get("docs") if isinstance(data, dict) else None
    if not isinstance(docs, list):
        return None  # not the index format this knows: leave Material's file as it is
    changed = False
    for doc in docs:
        title, text = doc.get("title"), doc.get("text")
        if not (isinstance(title, str) and isinstance(text, str)):
            continue
        if not (_ACCENTED.search(title) or _ACCENTED.search(text)):
            continue  # most sections: nothing to add
        # Into the text only: Material tokenises it as HTML and shows it as HTML.
        if words := unaccented_words(f"{title} {text}"):
            doc["text"] = f"{text}<span hidden>{html.escape(' '.join(words))}</span>"
            changed = True
    if not changed:
        return None
    # As Material writes it, so the file stays as compact and as deterministic.
    return json.dumps(data, separators=(",", ":"), default=str).encode("utf-8")
