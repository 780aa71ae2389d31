"""Text for synthetic reports: a word model of the real reports' prose, and made-up names.

The sentences in ``synth_corpus.txt`` come from published reports (see
``scripts/build_synth_corpus.py``). An order-2 word chain recombines them, so
generated text has the reports' vocabulary and sentence length without
repeating any one report. Every choice goes through the caller's
``random.Random``, so a seed fixes every word.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

START = ("", "")
MAX_WORDS = 55

# Made-up place-name parts: real area names would suggest real findings.
STEMS = (
    "Ash", "Bram", "Cald", "Dun", "Elm", "Fen", "Gar", "Hart", "Ivel", "Kes",
    "Lang", "Mar", "Nor", "Oak", "Pel", "Rav", "Sel", "Thorn", "Wex", "Yar",
)  # fmt: skip
ENDINGS = ("ford", "mere", "dale", "shire", "wick", "moor", "bury", "ton", "field", "combe")
QUARTERS = ("", "North ", "South ", "East ", "West ")
REGIONS = (
    "North East", "North West", "Yorkshire and the Humber", "East Midlands",
    "West Midlands", "East of England", "London", "South East", "South West", "Wales",
)  # fmt: skip
FORENAMES = (
    "Alex", "Bev", "Chris", "Dana", "Eddie", "Fran", "Gill", "Harri", "Imran", "Jo",
    "Kit", "Lee", "Morgan", "Nia", "Owen", "Priya", "Robin", "Sam", "Tariq", "Viv",
)  # fmt: skip
SURNAMES = (
    "Abbot", "Barlow", "Carver", "Dowd", "Ellery", "Fairley", "Gwillim", "Hollis",
    "Ibbot", "Jessop", "Kettle", "Lomax", "Marlow", "Nutley", "Orme", "Pryce",
    "Quayle", "Rudd", "Stroud", "Tully", "Upton", "Varley", "Whitlock", "Yeoman",
)  # fmt: skip


@dataclass
class WordModel:
    """An order-2 Markov chain over words; ``None`` ends a sentence."""

    chain: dict[tuple[str, str], list[str | None]] = field(default_factory=dict)

    @classmethod
    def train(cls, sentences: list[str]) -> WordModel:
        model = cls()
        for sentence in sentences:
            a, b = START
            for word in [*sentence.split(), None]:
                model.chain.setdefault((a, b), []).append(word)
                if word is None:
                    break
                a, b = b, word
        return model

    def sentence(self, rng: random.Random, area: str) -> str:
        """One sentence, with the corpus's ``{area}`` placeholder filled in."""
        words: list[str] = []
        state = START
        while len(words) < MAX_WORDS:
            word = rng.choice(self.chain[state])
            if word is None:
                break
            words.append(word)
            state = (state[1], word)
        text = " ".join(words)
        if text[-1] not in ".!?":
            text = text.rstrip(",;:") + "."
        return text.replace("{area}", area)

    def sentences(self, rng: random.Random, area: str, low: int, high: int) -> str:
        """Between ``low`` and ``high`` sentences as one paragraph."""
        return " ".join(self.sentence(rng, area) for _ in range(rng.randint(low, high)))

    def paragraphs(self, rng: random.Random, area: str, low: int, high: int) -> str:
        """Between ``low`` and ``high`` paragraphs of three to six sentences."""
        count = rng.randint(low, high)
        return "\n\n".join(self.sentences(rng, area, 3, 6) for _ in range(count))

    def phrase(self, rng: random.Random, area: str, words: int = 6) -> str:
        """A short heading-like phrase: the start of a sentence, without its end."""
        cut = " ".join(self.sentence(rng, area).split()[:words])
        return re.sub(r"[^\w)]+$", "", cut)


@dataclass(frozen=True)
class Corpus:
    """The shipped corpus: a word model per report style, and glossary entries."""

    models: dict[str, WordModel]
    glossary: tuple[tuple[str, str], ...]

    def model(self, style: str) -> WordModel:
        return self.models.get(style) or next(iter(self.models.values()))


@cache
def corpus() -> Corpus:
    """Load and train once per process: training takes a fraction of a second."""
    text = Path(__file__).with_name("synth_corpus.txt").read_text(encoding="utf-8")
    groups: dict[str, list[str]] = {}
    current = groups.setdefault("", [])
    for line in text.splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = groups.setdefault(line[1:-1], [])
        elif line.strip():
            current.append(line)
    glossary = tuple(
        (term, definition)
        for term, _, definition in (e.partition("\t") for e in groups.pop("glossary", []))
    )
    groups.pop("", None)
    return Corpus({k: WordModel.train(v) for k, v in groups.items()}, glossary)


def area_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct made-up area names; numbered once the name parts run out."""
    pool = [f"{q}{s}{e}" for q in QUARTERS for s in STEMS for e in ENDINGS]
    names = rng.sample(pool, min(count, len(pool)))
    names += [f"{rng.choice(pool)} {i}" for i in range(count - len(names))]
    return names


def person(rng: random.Random) -> str:
    return f"{rng.choice(FORENAMES)} {rng.choice(SURNAMES)}"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
