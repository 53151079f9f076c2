"""The vocabulary of subjects and mentoring themes, with aliases.

A :class:`Vocabulary` maps what people type (``"Mathématiques"``, ``"math"``,
``"Maths"``, ``"french"``, ``"HG"``...) to one canonical name (``"maths"``,
``"français"``, ``"histoire-géographie"``). The default vocabulary covers the
French curriculum (école, collège, lycée) and the themes of mentoring
associations (méthodologie, orientation, insertion professionnelle...; see
``../shared/data/FACTS.md`` §7). Users extend it with
``Policy(extra_subjects={"robotique": ["robot", "robotics"]})``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from mentormatch.domain._text import fold, suggest

__all__ = ["DEFAULT_SUBJECTS", "THEMES", "Vocabulary", "default_vocabulary"]

#: Canonical subject or theme → aliases (compared accent- and case-insensitively).
DEFAULT_SUBJECTS: dict[str, tuple[str, ...]] = {
    "maths": ("math", "mathematiques", "mathematics", "mathématique", "calcul"),
    "français": ("francais", "french", "fr", "lettres", "lecture", "reading", "écriture",
                 "expression écrite", "orthographe"),
    "anglais": ("english", "ang", "lv1 anglais", "en"),
    "espagnol": ("spanish", "esp", "es"),
    "allemand": ("german", "all", "de"),
    "italien": ("italian", "it"),
    "arabe": ("arabic", "ar"),
    "chinois": ("chinese", "mandarin", "zh"),
    "physique-chimie": ("physique", "chimie", "physics", "chemistry", "pc", "sciences physiques"),
    "svt": ("sciences de la vie et de la terre", "biologie", "biology", "sciences naturelles"),
    "sciences": ("science", "sciences et technologie", "sciences et techno"),
    "technologie": ("techno", "technology"),
    "histoire-géographie": ("histoire", "géographie", "hg", "histoire geo", "histoire-géo",
                            "history", "geography", "emc", "histoire géographie emc"),
    "ses": ("sciences économiques et sociales", "économie", "economics", "eco"),
    "philosophie": ("philo", "philosophy"),
    "nsi": ("numérique et sciences informatiques", "informatique", "computer science", "cs"),
    "aide aux devoirs": ("devoirs", "homework", "homework help", "accompagnement scolaire",
                         "soutien scolaire", "aide aux leçons"),
    "méthodologie": ("méthodo", "methodology", "study skills", "organisation",
                     "méthodes de travail"),
    "orientation": ("careers guidance", "guidance", "parcoursup", "choix d'orientation"),
    "insertion professionnelle": ("emploi", "stage", "stages", "alternance", "job",
                                  "employment", "internship", "cv", "insertion"),
    "numérique": ("digital", "outils numériques", "digital skills", "bureautique"),
    "confiance en soi": ("confiance", "self-confidence", "motivation", "estime de soi"),
    "ouverture culturelle": ("culture", "culture générale", "cultural", "sorties culturelles"),
    "expression orale": ("oral", "prise de parole", "public speaking", "éloquence"),
}

#: Names of :data:`DEFAULT_SUBJECTS` that are mentoring themes rather than school subjects.
THEMES: frozenset[str] = frozenset({
    "aide aux devoirs", "méthodologie", "orientation", "insertion professionnelle",
    "numérique", "confiance en soi", "ouverture culturelle", "expression orale",
})


@dataclass(frozen=True)
class Vocabulary:
    """Canonical subject names and their aliases.

    Parameters
    ----------
    subjects : mapping of str to iterable of str
        Canonical name → aliases. Matching ignores case, accents and
        separators (``"Histoire-Géo"`` equals ``"histoire geo"``).
    """

    subjects: Mapping[str, tuple[str, ...]]
    _index: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        for name, aliases in self.subjects.items():
            for alias in (name, *aliases):
                index.setdefault(fold(alias), name)
        # Canonical names win over aliases of other subjects.
        for name in self.subjects:
            index[fold(name)] = name
        object.__setattr__(self, "_index", index)

    @property
    def names(self) -> tuple[str, ...]:
        """Canonical names, in declaration order."""
        return tuple(self.subjects)

    def lookup(self, value: str) -> str | None:
        """Return the canonical name for ``value``, or ``None`` if unknown."""
        return self._index.get(fold(value))

    def canonical(self, value: str) -> str:
        """Return the canonical name for ``value``.

        Raises
        ------
        ValueError
            Unknown subject; the message suggests the nearest known names.
        """
        found = self.lookup(value)
        if found is None:
            raise ValueError(self.unknown_message(value))
        return found

    def suggestions(self, value: str, n: int = 3) -> list[str]:
        """Return up to ``n`` canonical names closest to ``value``."""
        aliases = {a: name for name, al in self.subjects.items() for a in (name, *al)}
        out: list[str] = []
        for hit in suggest(value, aliases, n=2 * n):
            name = aliases[hit]
            if name not in out:
                out.append(name)
        return out[:n]

    def unknown_message(self, value: str) -> str:
        """Return the error message for an unknown subject, with suggestions."""
        hints = self.suggestions(value)
        hint = f"; did you mean {', '.join(repr(h) for h in hints)}?" if hints else ""
        return f"unknown subject or theme {value!r}{hint}"

    def extended(self, extra: Mapping[str, Iterable[str]]) -> Vocabulary:
        """Return a new vocabulary with ``extra`` subjects (or extra aliases) added."""
        merged = {k: tuple(v) for k, v in self.subjects.items()}
        for name, aliases in extra.items():
            known = self.lookup(name)
            key = known if known is not None else name.strip()
            merged[key] = (*merged.get(key, ()), *aliases)
        return Vocabulary(merged)


_DEFAULT = Vocabulary(DEFAULT_SUBJECTS)


def default_vocabulary() -> Vocabulary:
    """Return the built-in vocabulary of the French curriculum and mentoring themes."""
    return _DEFAULT
