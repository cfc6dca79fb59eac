"""Danish spell checking (Qt-free): Hunspell with Stavekontrolden's dictionary and word lists.

The engine is `chunspell` (Hunspell in a prebuilt wheel for Windows and Linux); the Danish
dictionary ships in the package (`resources/dictionaries/`, with its licence). Words the
user adds go to a personal word list in the user's data folder; an office can keep a
shared word list (units, places, organisations) as `ordliste.txt` in the shared library
folder named by `KKLETTER_SHARED`. Case numbers, e-mail and web addresses, amounts and
other words glued to digits, and words in ALL CAPS are never checked.

A `Speller` may be used from several threads: every engine call holds its lock.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kkletter._data import data_dir
from kkletter.errors import KKLetterError
from kkletter.safefile import write_file as write_atomic

LANGUAGE = "da_DK"
PERSONAL_NAME = "ordbog.txt"
PROJECT_NAME = "kkletter-ord.txt"  # the municipality's words, shipped with the dictionary
SHARED_NAME = "ordliste.txt"
SHARED_ENV = "KKLETTER_SHARED"
RULE = "SPELLING"
# Letter fields whose text is prose; names, addresses and numbers are not spell-checked.
SPELLED_FIELDS = frozenset({"subject", "body", "closing", "recipient.salutation", "signer.title"})

# Stretches never checked: web and e-mail addresses, template tags, HTML entities and tags.
_SKIP = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\{\{.*?\}\}|\{%.*?%\}"
    r"|&#?\w+;|<[^<>\n]*>"
)
# A word: letters, possibly joined by hyphens, apostrophes or periods ("e-mail", "f.eks").
_WORD = re.compile(r"[^\W\d_]+(?:[-'’.][^\W\d_]+)*")
# A run of text between blanks; one holding a digit is a number, amount or case number.
_RUN = re.compile(r"\S+")
_HYPHENS = re.compile(r"[-'’]")


class SpellingError(KKLetterError):
    """The spell checker cannot start (dictionary or engine missing)."""


class Engine(Protocol):
    """What kkletter needs of a Hunspell object."""

    def spell(self, word: str) -> bool: ...
    def suggest(self, word: str) -> Sequence[str]: ...
    def add(self, word: str) -> object: ...


@dataclass(frozen=True)
class Word:
    """A word of a text to check: `start`..`end` are offsets in that text.

    `text` is what is looked up: the word and, when a period follows it, that period
    ("kr.", "f.eks."), which the dictionary needs to know an abbreviation.
    """

    start: int
    end: int
    text: str


def words_to_check(text: str) -> list[Word]:
    """Return the words of `text` the spell checker looks at, in order."""
    skipped = [match.span() for match in _SKIP.finditer(text)]
    words: list[Word] = []
    for run in _RUN.finditer(text):
        if any(char.isdigit() for char in run.group()):
            continue  # "2016-0318694", "1.000 kr." is "1.000" and "kr.", "F2", "3a"
        for match in _WORD.finditer(text, run.start(), run.end()):
            word = match.group()
            if len(word) < 2 or re.split("['’]", word, maxsplit=1)[0].isupper():
                continue  # "SOF", "SOF's": abbreviations and names in capitals
            start, end = match.span()
            if any(a < end and start < b for a, b in skipped):
                continue
            if text[end : end + 1] in (".", "-"):
                word += text[end]  # "kr.", "f.eks.", "Børne- og Ungdomsforvaltningen"
            words.append(Word(start, end, word))
    return words


def dictionary_folder() -> Path:
    """Return the folder of the shipped Hunspell dictionary."""
    return data_dir("resources") / "dictionaries"


def personal_wordlist() -> Path:
    """Return the user's own word list ("Tilføj til ordbog" writes to it)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("kkletter", "Københavns Kommune")) / PERSONAL_NAME


def shared_wordlist(environ: dict[str, str] | None = None) -> Path | None:
    """Return the office's word list in the shared library folder, if one is set."""
    folder = (os.environ if environ is None else environ).get(SHARED_ENV, "").strip()
    return Path(folder) / SHARED_NAME if folder else None


def read_wordlist(path: Path | None) -> list[str]:
    """Return the words of list `path`: one a line, "#" starts a comment; missing: none."""
    if path is None:
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []  # an unreadable list must not stop spell checking
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [word for word in words if word]


def load_engine(folder: Path | None = None) -> Engine:
    """Return a Hunspell engine with the Danish dictionary from `folder`."""
    folder = folder or dictionary_folder()
    try:
        import hunspell
    except ImportError as exc:
        raise SpellingError(
            "Stavekontrollen mangler programpakken chunspell. "
            "Installér den med: python -m pip install chunspell"
        ) from exc
    try:
        engine: Engine = hunspell.Hunspell(LANGUAGE, hunspell_data_dir=str(folder))
    except (hunspell.HunspellFilePathError, OSError, UnicodeError) as exc:
        raise SpellingError(
            f"Den danske ordbog kan ikke indlæses fra {folder}: {exc}. Geninstallér kkletter."
        ) from exc
    return engine


class Speller:
    """Check Danish words and suggest corrections; remember answers; add user words."""

    def __init__(
        self, engine: Engine, *, extra_words: Iterable[str] = (), personal: Path | None = None
    ) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._known: dict[str, bool] = {}
        self._suggestions: dict[str, tuple[str, ...]] = {}
        self.personal = personal
        with self._lock:
            for word in extra_words:
                self._engine.add(word)

    @classmethod
    def load(
        cls,
        *,
        folder: Path | None = None,
        personal: Path | None = None,
        shared: Path | None = None,
    ) -> Speller:
        """Return a speller with the shipped dictionary and the `personal`/`shared` lists."""
        folder = folder or dictionary_folder()
        words = [
            *read_wordlist(folder / PROJECT_NAME),
            *read_wordlist(shared),
            *read_wordlist(personal),
        ]
        return cls(load_engine(folder), extra_words=words, personal=personal)

    def is_correct(self, word: str) -> bool:
        """Return whether `word` is spelled right (each part of a hyphenated word may be)."""
        with self._lock:
            known = self._known.get(word)
            if known is None:
                known = self._spell(word)
                self._known[word] = known
            return known

    def known(self, word: str) -> bool | None:
        """Return the remembered answer for `word` without asking the engine (None: unknown)."""
        return self._known.get(word)

    def _spell(self, word: str) -> bool:
        if self._engine.spell(word):
            return True
        if word.endswith((".", "-")):  # the end of a sentence, not of an abbreviation
            word = word[:-1]
            if self._engine.spell(word):
                return True
        parts = [part for part in _HYPHENS.split(word) if part]
        if len(parts) > 1:
            return all(len(part) < 2 or self._engine.spell(part) for part in parts)
        return False

    def suggest(self, word: str, limit: int = 6) -> tuple[str, ...]:
        """Return up to `limit` corrections of `word`, best first."""
        if word.endswith("-") or (word.endswith(".") and "." not in word[:-1]):
            word = word[:-1]
        with self._lock:
            found = self._suggestions.get(word)
            if found is None:
                found = tuple(dict.fromkeys(s for s in self._engine.suggest(word) if s != word))
                self._suggestions[word] = found
        return found[:limit]

    def check_words(self, words: Iterable[str]) -> dict[str, bool]:
        """Return whether each of `words` is spelled right."""
        return {word: self.is_correct(word) for word in words}

    def close(self) -> None:
        """Release nothing: an in-process speller needs no shutting down."""

    def misspellings(self, text: str) -> list[Word]:
        """Return the unknown words of `text`."""
        return [word for word in words_to_check(text) if not self.is_correct(word.text)]

    def add_word(self, word: str) -> None:
        """Accept `word` from now on and keep it in the personal word list, if there is one."""
        word = word.strip()
        if not word:
            return
        if self.personal is not None:
            words = read_wordlist(self.personal)
            if word not in words:
                self.personal.parent.mkdir(parents=True, exist_ok=True)
                data = "\n".join([*words, word]) + "\n"
                write_atomic(self.personal, data.encode("utf-8"))
        with self._lock:
            self._engine.add(word)
            self._known[word] = True
