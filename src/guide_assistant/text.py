"""Words: the one place that tokenises text, drops function words and stems.

BM25, the scope check, follow-up detection and the grounding checker all count a question's
content words the same way, because they all use these helpers.
"""

from __future__ import annotations

import re

import Stemmer

STEMMER = Stemmer.Stemmer("english")
# Function words and the words of asking ("what", "should", "tell", "summarise"), which say
# nothing about the topic. A general English list, less words that carry meaning in this guide
# ("system", "last"), plus "leader(s)": every question here comes from one, so the word says
# nothing about the topic.
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
summarise summarize summarising summarizing summary summaries
leader leaders
""".split())
# Spelt-out numbers, with their values. A number in a question says how many, not what about.
NUMBER_WORDS = (
    {w: str(i) for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split())}
    | {w: str(10 * i) for i, w in enumerate(
        "thirty forty fifty sixty seventy eighty ninety".split(), start=3)}
    | {"dozen": "12", "hundred": "100", "thousand": "1000", "million": "1000000"})
# BM25's tokens: two or more word characters. Content words also keep hyphens and apostrophes
# ("buy-in", "patients'"), which matter for telling a follow-up from a new topic; a contraction of
# a function word ("who's", "what's", "we're", "won't") is a function word.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_WORD = re.compile(r"[\w'-]+")
# A question opening with a verb of asking ("Explain the rules of cricket.", "Could you describe
# …", "Can you help me with my CV?") names its topic after the verb; the verb itself is the form
# of the request. Elsewhere the same words can be the topic ("How do I explain to frontline
# teams why a change matters?").
_ASKING_VERB = re.compile(
    r"^\W*(please\s+)?((can|could|would|will) you\s+)?(please\s+)?"
    r"(explain|describe|define|outline|tell me( more)?( about)?|(talk|walk) me through"
    r"|help( me| us)?( with| to)?)\b\s*", re.I)
# A typed question's sentence breaks. Looser than chunking's splitter for the guide's edited
# prose (which wants a capital next): leaders type "we tried it. what now?".
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=\S)")


def content_stems(text: str) -> list[str]:
    """The stemmed content words of a text: what BM25 matches on."""
    return STEMMER.stemWords([w for w in _TOKEN.findall(text.lower()) if w not in STOPWORDS])


def topic_of(question: str) -> str:
    """A question without an opening verb of asking: what it asks about."""
    return _ASKING_VERB.sub("", question, count=1)


def content_words(text: str) -> list[str]:
    """The words of a text that say something about its topic, lower-cased, unstemmed."""
    return [w for w in _WORD.findall(text.lower().replace("’", "'"))
            if w not in STOPWORDS and w.split("'")[0] not in STOPWORDS
            and len(w) > 1 and any(ch.isalnum() for ch in w)]


def sentences(text: str) -> list[str]:
    """A question's sentences, split after ".", "?" or "!" (a leader's question is plain prose)."""
    return [part for part in _SENTENCE_END.split(text.strip()) if part]


def last_sentence(text: str) -> str | None:
    """The last sentence of a text of several sentences (None for one sentence). A leader who
    describes their situation first ("Our hub worked in the city but the rural sites are
    sceptical. Will the benefits carry over?") usually asks in the last one."""
    parts = sentences(text)
    return parts[-1] if len(parts) > 1 and content_words(parts[-1]) else None
