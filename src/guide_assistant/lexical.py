"""BM25 over the passages (bm25s: sparse matrices, so a query costs no Python loop per passage)."""

from __future__ import annotations

import logging
import re

import bm25s
import numpy as np
import Stemmer

_STEMMER = Stemmer.Stemmer("english")
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
# Function words and the words of asking ("what", "should", "tell"), which say nothing about the
# topic. A general English list, less words that carry meaning in this guide ("system", "last"),
# plus "leader(s)": every question here comes from one, so the word says nothing about the topic.
STOPWORDS = frozenset("""
a about above across after afterwards again against all almost alone along already also although
always am among an and another any anyhow anyone anything anyway anywhere are around as at be
became because become becomes becoming been before beforehand behind being below beside besides
between beyond both but by can cannot cant could couldnt de did do does doing done down due during
each eg either else etc even ever every everyone everything except few for former formerly from
get go had has hasnt have he hence her here hereafter hereby herein hereupon hers herself him
himself his how however i ie if in inc indeed into is it its itself just latter latterly least
less ltd many may me meanwhile might mine more moreover most mostly much must my myself namely
neither never nevertheless no nobody none noone nor not nothing now nowhere of off often on once
one only onto or other others otherwise our ours ourselves out over own per perhaps please put
rather re same seem seemed seeming seems several she should since so some somehow someone
something sometime sometimes somewhere still such than that the their them themselves then
thence there thereafter thereby therefore therein thereupon these they this those though through
throughout thru thus to together too toward towards un under until up upon us very via was we
were what whatever when whence whenever where whereafter whereas whereby wherein whereupon
wherever whether which while whither who whoever whom whose why will with within without would
yet you your yours yourself yourselves s t don doesn didn isn aren won ll ve d m
guide guidance say says said tell ok okay thanks
leader leaders
""".split())
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def content_stems(text: str) -> list[str]:
    """The stemmed content words of a text: what BM25 matches on."""
    words = [w for w in _TOKEN.findall(text.lower()) if w not in STOPWORDS]
    return _STEMMER.stemWords(words)


class LexicalIndex:
    def __init__(self, texts: list[str] | None = None, *, bm25: bm25s.BM25 | None = None,
                 size: int = 0) -> None:
        if bm25 is not None:  # loaded from a cache
            self.bm25, self.size = bm25, size
        else:
            texts = texts or []
            self.size = len(texts)
            self.bm25 = bm25s.BM25()
            tokens = bm25s.tokenize(texts, stopwords=list(STOPWORDS), stemmer=_STEMMER,
                                    show_progress=False)
            self.bm25.index(tokens, show_progress=False)
        self.vocabulary = set(self.bm25.vocab_dict)

    def search(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(passage indices, BM25 scores) of the best k matches with a score above zero."""
        k = min(k, self.size)
        tokens = [t for t in content_stems(query) if t in self.vocabulary]
        if not tokens or k == 0:
            return np.zeros(0, dtype=int), np.zeros(0, dtype=np.float32)
        docs, scores = self.bm25.retrieve([tokens], k=k, show_progress=False, n_threads=1)
        keep = scores[0] > 0
        return docs[0][keep], scores[0][keep]

    def coverage(self, query: str) -> float:
        """Share of the query's content words that occur anywhere in the passages."""
        stems = content_stems(query)
        return sum(s in self.vocabulary for s in stems) / len(stems) if stems else 0.0
