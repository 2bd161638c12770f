"""Leaders' words → the guide's words: query expansion from corpus/vocabulary.yaml.

The file maps a guide term to everyday phrasings of it. A question using one of those phrasings
is also searched with the guide term, which is what lets "how do we make it last?" find the
guide's "likelihood of sustainability". Expansion only changes what is searched.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import CorpusError

VOCABULARY_FILE = "vocabulary.yaml"


def load_vocabulary(corpus_dir: Path) -> dict[str, list[str]]:
    """The mapping from the corpus folder, or an empty one when the folder has none."""
    path = Path(corpus_dir) / VOCABULARY_FILE
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path} is not valid YAML ({exc.__class__.__name__}); fix it or "
                          "remove it") from None
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise CorpusError(f"{path} must map each guide term to a list of phrases, e.g. "
                          "'sustainability: [last, \"long term\"]'")
    return {str(term): [str(p) for p in phrases] for term, phrases in data.items()}


class Expander:
    def __init__(self, vocabulary: dict[str, list[str]]) -> None:
        # One pattern per term; a phrase matches at a word start, with any ending.
        self._patterns = [
            (term, re.compile(r"\b(?:" + "|".join(re.escape(p.lower()) for p in phrases) + ")"))
            for term, phrases in vocabulary.items() if phrases
        ]

    def terms(self, question: str) -> list[str]:
        lowered = question.lower()
        return [term for term, pattern in self._patterns if pattern.search(lowered)]

    def expand(self, question: str) -> str:
        """The question followed by the guide terms its phrasing maps to."""
        terms = self.terms(question)
        return f"{question} {' '.join(terms)}" if terms else question
