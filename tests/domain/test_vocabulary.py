"""Levels and the vocabulary of subjects: aliases and suggestions."""

from __future__ import annotations

import pytest

from mentormatch.domain import LEVELS, Vocabulary, default_vocabulary, level_rank, parse_level


@pytest.mark.parametrize(
    ("text", "level"),
    [("CP", "CP"), ("ce1", "CE1"), ("6ème", "6e"), ("sixième", "6e"), ("2nde", "2de"),
     ("Seconde", "2de"), ("1ère", "1re"), ("Terminale", "Tle"), ("post-bac", "post-bac"),
     ("Post Bac", "post-bac"), ("étudiant", "post-bac")],
)
def test_level_aliases(text: str, level: str) -> None:
    assert parse_level(text) == level


def test_levels_are_ordered() -> None:
    assert [level_rank(x) for x in LEVELS] == list(range(len(LEVELS)))
    assert level_rank("CM2") < level_rank("6e") < level_rank("Tle") < level_rank("post-bac")


def test_unknown_level_suggests() -> None:
    with pytest.raises(ValueError, match="6e"):
        parse_level("6x")


@pytest.mark.parametrize(
    ("text", "name"),
    [("Mathématiques", "maths"), ("math", "maths"), ("FRANCAIS", "français"),
     ("french", "français"), ("HG", "histoire-géographie"), ("Histoire-Géo", "histoire-géographie"),
     ("philo", "philosophie"), ("SVT", "svt"), ("homework help", "aide aux devoirs"),
     ("Méthodo", "méthodologie"), ("Parcoursup", "orientation")],
)
def test_subject_aliases(text: str, name: str) -> None:
    assert default_vocabulary().lookup(text) == name
    assert default_vocabulary().canonical(text) == name


def test_unknown_subject_suggests() -> None:
    vocab = default_vocabulary()
    assert vocab.lookup("mathz") is None
    assert vocab.suggestions("mathz")[0] == "maths"
    with pytest.raises(ValueError, match="did you mean 'maths'"):
        vocab.canonical("mathz")
    assert "did you mean" not in vocab.unknown_message("qqqqqqqq")


def test_extended_vocabulary() -> None:
    vocab = default_vocabulary().extended({"robotique": ["robot"], "maths": ["algèbre"]})
    assert vocab.lookup("Robot") == "robotique"
    assert vocab.lookup("algebre") == "maths"
    assert default_vocabulary().lookup("robot") is None
    assert "robotique" in vocab.names


def test_canonical_names_win_over_aliases() -> None:
    vocab = Vocabulary({"a": ("b",), "b": ()})
    assert vocab.lookup("b") == "b"
