"""Stage 1, understanding: the question as typed → a clean question and the query to search.

Cleaning keeps printable text only, trimmed to a length. A follow-up ("and who decides that?")
leans on the conversation: without an LLM the rewrite is lexical, and such a question is searched
together with the content words of the previous turn's search query; chained follow-ups carry
the topic forward. A question that stands on its own is searched as typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from .text import content_words, last_sentence, sentences

MAX_QUESTION_CHARS = 2000
CARRIED_WORDS = 8  # earlier topics fade: only the most recent carried words are kept

History = Sequence["str | dict"]  # earlier questions, or {"question": …, "answer": …} turns

# A question leans on the conversation when it opens with a connective ("and who decides?"),
# when it has almost no words of its own and does not name the guide, or when it points back
# ("it", "that", "them") and has too few words of its own to name its subject. A question that
# names its own subject ("We're rolling out a virtual ward that worked elsewhere; what should we
# think about?") stands alone even when it uses "that", and is searched as typed.
_CONNECTIVE = re.compile(r"^\s*(and|but|so|also|then|what about|how about)\b", re.I)
# "OK then, …" acknowledges the last answer; what follows is judged as if asked alone ("OK then,
# how do we spread a stewardship programme across our practices?" names its own subject, where
# "OK, and who decides?" leans on the conversation).
_ACKNOWLEDGED = re.compile(r"^\W*(ok(ay)?|right|alright|fine|great|thanks|thank you)( then)?\b\W*",
                           re.I)
# The last question asked again for someone else ("And for GPs?", "What about for a hospice?").
_FOR_SOMEONE_ELSE = re.compile(r"\W*((and|but|so|or)\s+)?((what|how)\s+about\s+)?for\b", re.I)
# …or naming them alone after "and" or "what about" ("What about social care leaders?", "And the
# voluntary sector?"): a few words, none of them a question of its own ("And how do we involve
# carers?" asks something else), people or a setting among them (`_READERS` below).
_SOMEONE_ELSE = re.compile(
    r"\W*((and|but|or)\s+|(what|how)\s+about\s+)(?!.*\b(how|what|why|who|when|where|which|do|does"
    r"|did|is|are|can|could|should|would|will)\b)([\w'’&-]+\s*){1,5}[?.!]*\s*$", re.I)
_PEOPLE = re.compile(r"\b(leaders?|managers?|directors?|executives?|chairs?|boards?|officers?"
                     r"|people|teams?|sectors?|organi[sz]ations?|councils?|partners?|charit(y|ies)"
                     r"|volunteers?|colleagues?|citizens?|public|communit(y|ies))\b", re.I)
# A health or care setting: an organisation, a service, its staff or patients. Words of the
# guide's domain, not of any question; a page added needs no edit here. In a follow-up, the setting
# it is asked for ("Does that work in mental health services too?") is where it asks, not what.
CARE_SETTING = re.compile(
    # "Healthier" and "healthy" name no setting ("a healthier diet").
    r"\b(nhs|trusts?|icbs?|icss?|pcns?|ccgs?|integrated care|health(?!(y|ier|iest|ily)\b)\w*"
    r"|care|carers?|hospitals?"
    r"|hospices?|wards?|clinics?|clinical|clinicians?|consultants?|nurs(e|es|ing)|physicians?"
    r"|surgeons?|doctors?|gps?|general practices?|practices|pharmac(y|ies|ists?)|ambulance"
    r"|paramedics?|patients?|residents|staff|workforce|medical|theatres?|outpatients?"
    r"|inpatients?|referrals?|discharge|a&e|emergency department|therap(y|ies|ists?)"
    r"|surgery|surgeries|providers?|commissioners?|provider collaboratives?|maternity|midwi\w+"
    r"|dental|dentists?|optometr\w+|social work(ers?)?|(children|adult|social)['’]?s? services"
    r"|(clinical |medical |surgical )?specialt(y|ies)"
    r"|(neighbourhood|community|district|multidisciplinary|mdt|integrated) teams?)\b", re.I)
# People or a care setting: whom a question may ask the guide is for ("What about social care
# leaders?", "Does the guide cover ICBs?").
_READERS = re.compile(rf"{_PEOPLE.pattern}|{CARE_SETTING.pattern}", re.I)
# …as the place a question is asked for ("in our trust", "for mental health services").
_FOR_A_SETTING = re.compile(
    r"\b(in|for|across|at|within)\s+(the |our |my |a |an |this |that |their |your )?"
    r"([\w'’-]+\s+){0,2}?" + CARE_SETTING.pattern
    + r"(\s+(homes?|services?|teams?|units?|settings?|sector|organisations?|centres?))?"
    r"(\s+(too|as well|also))?", re.I)
_POINTS_BACK = re.compile(
    r"\b(it|its|that|this|those|these|they|them|their|there|which of|the same|the opposite"
    # "one" standing for something already named ("Which one matters most?", "the other one")
    r"|(which|that|this|the other|the first|the second|the last) ones?)\b"
    # …or as what is made or had ("How do I create one in a care home?", "Do we need one?"), not
    # counting ("make one change last").
    r"|\b(create|build|make|get|have|need|start|set up|use|find|write|develop|run|choose|pick"
    r"|grow|keep) ones?(?=\s*([?.!,;]|$)|\s+(in|at|for|on|with|across|here|without|from|like"
    r"|too|again|first|now)\b)",
    re.I)
# Mid-conversation, "is there…?" asks whether something exists; "there" as a place ("what happens
# there?") points back. (A first question's "Is there more?" still means more of the guide.)
_IS_THERE = re.compile(r"\b(is|are|was|were) there\b|\bthere (is|are|was|were)\b|\bthere's\b", re.I)
# "Is there a glossary?", "Are there any case studies?": asking whether a thing exists names that
# thing, so even one word of its own is a subject ("Is there any more?" names nothing).
_EXISTS = re.compile(r"\b(is|are) there (a|an|any)\b", re.I)
THE_GUIDE = "the guide"  # what a first question's "this" stands for (names_only_the_guide)
# A question that names the guide has a subject of its own: "What does the guide say about
# evidence?" asks the guide, not the last answer; "this guide" does not point back.
GUIDE_NAME = r"(the|this|your) ((whole|entire|full) )?guid(e|ance)"  # "the whole guide"
_NAMES_THE_GUIDE = re.compile(rf"\b{GUIDE_NAME}\b|\bthese (web)?pages\b", re.I)
# A question asked of "it" or "this" ("Is it useful for a GP partner?"), which a first question
# or one about the guide's audience means as the guide.
_ASKS_OF_IT = re.compile(r"\W*(is|are|would|will|does|do|could|can)\s+(it|this|these)\b", re.I)
OWN_SUBJECT_WORDS = 4  # a pointing question with this many content words names its own subject
# Asking what a term means ("What are polarities?", "What is a pull?") names the term as its
# subject: a bare or indefinite noun stands alone, where "What are the risks?" refers to
# something the conversation has named.
_DEFINITION = re.compile(r"^\W*what(?:'s| is| are)\s+(?:an? )?[\w'’-]+\W*$", re.I)
# A request for the gist ("Summarise the benefit principle in two sentences for my board", "key
# points") asks about the whole of its subject; its other words say how to put it.
GIST = re.compile(r"\b(summar(y|ies|i[sz]e[sd]?|i[sz]ing)|overview|gist|nutshell|in (short|brief)"
                  r"|(key|main|important) (points|messages|things|ideas?))\b", re.I)
# Asking for the last answer again in another form ("Give me the key points", "Can you quote the
# exact wording?", "In plain English?") names no subject: these words are set aside when counting
# a question's own words.
_ABOUT_THE_ANSWER = re.compile(
    GIST.pattern + r"|\b(exact|actual|precise|original) (words?|wording|text)\b|\bword for word\b"
    r"|\bverbatim\b|\bquote\b"
    r"|\b(in )?(plain|simple|simpler|everyday) (english|words|terms|language)\b"
    r"|\b(more|further) (detail|details|depth)\b|\belaborate\b|\bexpand on\b|\bgive me\b"
    # …or in another shape ("Give me three bullet points on it", "Can you make it shorter?")
    r"|\bbullet(s|ed)?( points?| list)?\b|\b(as|in) (a )?(list|table)\b|\b(shorter|briefer"
    r"|briefly|concise(ly)?|simpler|more simply)\b|\b(one|a|two|three|four|five|a few|\d+)[ -]"
    r"(sentences?|lines?|paragraphs?|points|words)\b|\bversions?\b"
    # …or handed over ("Give an example.", "Can you show me one?"), or written up as a document
    # ("Write that up as a board paper"): the verb and the document name no subject.
    r"|^\W*(please\s+)?((can|could|would) you\s+)?(give|show|provide|share|write|draft|put|turn)"
    r"\b( (me|us)\b)?|\b(as|into|in) (a|an) (short |brief |one-page )?(board |briefing )?(paper"
    r"|slides?|email|briefing|report|note|memo|letter|presentation|document|blog( post)?"
    r"|newsletter)\b"
    # …or listed ("Can you list them?"), or again because it was not followed ("Hmm, not sure I
    # follow", "I'm lost").
    r"|\b(list|name|enumerate) (them|those|these|it|one|two|three|four|five|a few|some|more)\b"
    r"|\bhm+\b|\bnot sure (that )?i "
    r"(understand|follow|get (it|that))\b|\b(i'?m|i am) (confused|lost)\b|\bcome again\b"
    # …or for whom to put it ("for my board"): a body the asker reports to is not the subject
    # (a team or staff may be: "what are the benefits for our team?").
    r"|\bfor (my|our) (trust )?(board|executive( team)?|directors|governors|committee"
    r"|chief executive)\b",
    re.I)
# Thanks, a greeting and the like ask nothing: they get the prompt for a question, not the last
# answer again (as a follow-up with no words of its own, "Thanks!" was searched as the previous
# question), nor a decline ("Hi there!" was told the guide does not cover it).
# Judged by words, not by a pattern of alternatives, which backtracks without end on a long line.
_THANKS = frozenset("thanks thank ta cheers great perfect brilliant lovely ok okay understood "
                    "helpful useful clear got hi hello hey hiya morning afternoon evening".split())
_THANKS_WITH = _THANKS | frozenset("you so very much many for that this that's thats your the help "
                                   "it there good all".split())


@dataclass(frozen=True)
class Turn:
    question: str
    answer: str | None = None


@dataclass(frozen=True)
class Question:
    text: str                  # as typed, cleaned
    search_query: str          # what retrieval searches
    turns: tuple[Turn, ...] = field(default=())  # the conversation before it, oldest first
    notice: str | None = None  # e.g. the question was trimmed

    @property
    def rewritten(self) -> bool:
        """Whether the search query is not the question as typed: it carries words from earlier
        turns, or names the guide for a first question that only says "this" or "it"."""
        return self.search_query != self.text

    @property
    def ask(self) -> str | None:
        """The last sentence of a question of several, searched beside the whole (a leader who
        describes their situation usually asks in the last sentence); None for one sentence."""
        return last_sentence(self.text)

    @property
    def empty(self) -> bool:
        """Nothing to answer: no words at all, or only thanks."""
        return _only_thanks(self.text) or (
            not content_words(self.text) and not any(ch.isalnum() for ch in self.text))


def _only_thanks(text: str) -> bool:
    """Whether `text` is thanks and nothing else ("Thanks, that's helpful.", "Hi there!")."""
    words = re.findall(r"[\w']+", text.lower())
    return bool(words) and len(words) <= 8 and set(words) <= _THANKS_WITH \
        and bool(set(words) & _THANKS)


# Markup is not part of a question: a question wrapped in tags is judged like the plain one (and
# nothing typed is ever echoed as markup: the app escapes all text it shows).
_SCRIPT = re.compile(r"<(script|style)\b.*?(</\1\s*>|$)", re.I | re.S)
_TAG = re.compile(r"</?[a-zA-Z!][^<>]*>")


def clean_question(question: object) -> tuple[str, str | None]:
    """Printable text only (no markup, control characters, NUL or lone surrogates), trimmed to
    length. Anything but a string (None, a number) is no question at all."""
    if not isinstance(question, str):
        return "", None
    question = _TAG.sub(" ", _SCRIPT.sub(" ", question))
    kept = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in question
                   if not 0xD800 <= ord(ch) <= 0xDFFF)
    kept = unicodedata.normalize("NFC", " ".join(kept.split()))
    if len(kept) > MAX_QUESTION_CHARS:
        return kept[:MAX_QUESTION_CHARS], (f"Your question was {len(kept):,} characters long; "
                                           f"only the first {MAX_QUESTION_CHARS:,} were used.")
    return kept, None


def turns_of(history: History) -> tuple[Turn, ...]:
    """Earlier turns from a history of questions or {"question", "answer"} objects.

    Raises ValueError, saying what a history must be, for anything else (a number, one string
    that would be read letter by letter, a list of other things)."""
    if history is None:
        return ()
    if isinstance(history, (str, bytes, dict)) or not isinstance(history, (list, tuple)):
        raise ValueError(f"history must be a list of earlier questions (strings) or of "
                         f"{{\"question\", \"answer\"}} objects, not {type(history).__name__}")
    turns = []
    for item in history:
        if isinstance(item, dict) and isinstance(item.get("question", ""), str) \
                and isinstance(item.get("answer") or "", str):
            question, answer = item.get("question", ""), item.get("answer")
        elif isinstance(item, str):
            question, answer = item, None
        else:
            raise ValueError(f"each turn of the history must be a question (a string) or a "
                             f"{{\"question\", \"answer\"}} object of strings, not "
                             f"{type(item).__name__}")
        question = clean_question(question)[0]
        if question.strip():
            turns.append(Turn(question, answer))
    return tuple(turns)


def own_words(question: str) -> str:
    """A question without the words that ask for the last answer in another form."""
    return _ABOUT_THE_ANSWER.sub(" ", question)


def names_no_subject(question: str) -> bool:
    """Whether a question has no words of its own besides those asking for an answer's form."""
    return not content_words(own_words(question))


def asks_only_for_the_gist(question: str) -> bool:
    """A request for the gist with no subject of its own ("Summarise that", "Give me an
    overview"): of the last answer mid-conversation, of the guide as a first question."""
    return bool(GIST.search(question)) and names_no_subject(question)


# Asking whom the guide is for, or whether it applies to the asker ("Is this aimed at people like
# me…?", "who's it for", "…Does this apply to us?"); not how to apply it ("How do we apply this to
# our new ward?", "…The guide talks about pull: how would that apply here?").
_WHOM_FOR = re.compile(
    r"\b((?<!how )(does|do|would|will) (this|it|that|they) apply"
    r"|appl(y|ies|icable) to (me|us|my|our|people|someone)|applicable|relevant|meant for|aimed at"
    r"|intended for|written for"
    # Asked of the guide ("Is there anything here for people like me?"), not of a change the
    # asker describes ("…a frailty huddle that worked in the next town. Will it work for us?").
    r"|(is|are) (this|it|there (anything|something))( \w+){0,2} for (me|us|people like|someone)"
    r"|my (role|level|position)|is (this|it) for"
    # "Is the guide only for NHS organisations…?"; "What is the guide for?" asks its purpose.
    r"|is (this|it|the guid\w+|this guid\w+) (only|just|also|even|really|mainly) for"
    # "Is the guide for social care leaders as well?", asked outright
    r"|^\W*is (the|this) guid\w+ for"
    # "Is it useful for a GP partner?", "Would the guide be any use to a hospice?"
    r"|(is|would|will) (this|it|the guid\w+|this guid\w+) (be )?(useful|helpful|suitable|any "
    r"(use|good)|of (any )?use|worth reading) (for|to)"
    r"|who('?s| is| are) (it|this|these|the guid\w+)( \w+)? (for|aimed)"
    # "Does the guide cover ICBs?", "Does it include regional organisations?": whether its
    # readers include them, when people, organisations or a care setting end the question
    # ("Does the guide cover patient involvement?", "…cover how to involve patients?", "…cover
    # working with patients?" ask about a subject).
    r"|(does|do|would|will) (this|it|the guid\w+|this guid\w+) (cover|include|extend to)"
    r"( (?!(how|what|why|when|where|whether|which|who|to)\b|[\w'’-]+ing\b)[\w'’-]+){0,3}?"
    rf" ({_READERS.pattern})(?=\W*$)"
    # "Who is the guide's intended reader?", "Who should read it?"
    r"|(intended|target) (readers?|audience|users?)|who (should|is meant to|is supposed to) read"
    r" (it|this|the guid\w+|this guid\w+))\b",
    re.I)


def asks_whom_it_is_for(query: str) -> bool:
    """Whether a question asks whom the guide is for, or whether it applies to the asker."""
    return bool(_WHOM_FOR.search(query))


def asks_whom_the_guide_is_for(query: str) -> bool:
    """asks_whom_it_is_for, with the guide named or asked about as "it" or "this" ("Is this guide
    for matrons?", "Is it useful for a GP partner?", "I'm a GP partner. Is it for me?"); "Is Python
    relevant for data science?" asks about something else."""
    return asks_whom_it_is_for(query) and bool(
        _NAMES_THE_GUIDE.search(query) or any(_ASKS_OF_IT.match(s) for s in sentences(query)))


# Words that ask what a thing is as a whole ("What's the purpose of this guide?", "What's in the
# guide overall?", "What does the guide say?"), not about something in it.
_AS_A_WHOLE = {"purpose", "point", "aim", "aims", "cover", "covers", "contain", "contains",
               "offer", "offers", "say", "says", "saying", "overall", "whole", "general",
               "generally", "broadly", "mainly", "basically", "altogether"}


def asks_about_the_whole_guide(query: str) -> bool:
    """A request for the gist with no subject of its own ("Give me an overview", "What are the key
    points of this guidance?"), and none carried from the conversation, or a question whose only
    subject is the guide ("What is this guide for?", "What does this guidance cover?"), as "What
    is the benefit principle?" is about that principle: the guide as a whole. Whom it is for is
    asked of its audience (asks_whom_it_is_for)."""
    if asks_only_for_the_gist(query):
        return True
    if not _NAMES_THE_GUIDE.search(query) or asks_whom_it_is_for(query):
        return False
    return set(content_words(own_words(_NAMES_THE_GUIDE.sub(" ", query)))) <= _AS_A_WHOLE


def _points_back(question: str) -> bool:
    return bool(_POINTS_BACK.search(_NAMES_THE_GUIDE.sub(" ", question)))


def points_back(question: str) -> bool:
    """Whether a question mid-conversation points at something said before ("Why do they matter
    for ICBs?", "Which ones…?", "What happens there?"), not asking whether a thing exists."""
    return _points_back(_IS_THERE.sub(" ", question))


def names_only_the_guide(question: str) -> bool:
    """A conversation's first question whose only subject is a pointing word ("Who is this for?",
    "What's it about?", "Is there more?") points at what the leader has open: the guide."""
    return _points_back(question) and names_no_subject(question)


# Forms of the stop list's own verbs ("get", "go", "put", "tell") that it lacks: they name no
# subject, so "What gets in the way?" leans on the conversation as "What can get in the way?" does.
# Only for this count; retrieval keeps its word list.
_NAMES_NOTHING = frozenset("gets getting got gotten goes going went gone puts putting tells "
                           "telling told ones".split())  # "ones" stands for what was named
# "What does X look like?" asks about X: "look like" names nothing either.
_LOOK_LIKE = re.compile(r"\b(look|looks|looked|looking) like\b", re.I)


def is_follow_up(question: str) -> bool:
    """Whether a question leans on the conversation: it opens with a connective, or points back
    with too few words of its own to name its subject, or has at most one word of its own and
    does not name the guide, ask whether a thing exists or ask what a term means ("Why?", "Who
    decides?", but not "Who is the guide aimed at?", "Is there a glossary?" or "What are
    polarities?")."""
    # Thanks before a question ("Thanks, that's helpful. How do we involve patients?") lean on
    # nothing, though "that's" points back: the question after them is judged alone.
    parts = sentences(question)
    while len(parts) > 1 and _only_thanks(parts[0]):
        parts = parts[1:]
    question = _ACKNOWLEDGED.sub("", " ".join(parts))
    if _CONNECTIVE.search(question):
        return True
    # The setting it is asked for is where, not what: "Does that work in mental health services
    # too?" has one word of its own, and "in this trust" points at no earlier turn.
    question = _FOR_A_SETTING.sub(" ", question)
    # Each word counted once, and "look like" as naming nothing: "What does that look like day
    # to day?" points back at the last answer's subject with one word of its own.
    words = len({w for w in content_words(_LOOK_LIKE.sub(" ", own_words(question)))
                 if w not in _NAMES_NOTHING})
    if points_back(question):
        return words < OWN_SUBJECT_WORDS
    if words == 1 and (_EXISTS.search(question) or _DEFINITION.match(question)):
        return False
    return words <= 1 and not _NAMES_THE_GUIDE.search(question)


# "one" after a describing word stands for a noun already used: "the complexity one" after "What
# are the seven principles?" is the complexity principle. Not "the other one" or "the only one",
# and not "the first one": a place in a list, which points back (_POINTS_BACK).
_NOT_DESCRIBING = (r"(?!(other|only|same|first|second|third|last|next|a|an|the|this|that|our|my"
                   r"|your)\b)")
_DESCRIBED_ONE = re.compile(  # up to three describing words: "the national versus local one"
    rf"\b(?P<the>the|that|this) (?P<what>{_NOT_DESCRIBING}[a-z][\w-]*"
    rf"( {_NOT_DESCRIBING}[a-z][\w-]*){{0,2}}) one\b", re.I)
_PLURAL = re.compile(r"^[a-z][a-z-]*[^su']s$")  # "principles", "polarities"; not "process", "focus"


def _the_one_named(turn: str, before: str) -> str:
    """`turn` with "the X one" written as "the X <noun>", the noun the last plural word of the
    query before it (singular); unchanged when there is none."""
    found = _DESCRIBED_ONE.search(turn)
    plurals = [w for w in content_words(before) if _PLURAL.match(w)]
    if not found or not plurals:
        return turn
    noun = plurals[-1]
    noun = noun[:-3] + "y" if noun.endswith("ies") else noun[:-1]
    return f"{turn[:found.start()]}{found['the']} {found['what']} {noun}{turn[found.end():]}"


def search_query(question: str, previous_questions: Sequence[str] = ()) -> str:
    """The query to search for `question`, given the user's earlier questions (oldest first)."""
    query = None
    for turn in [*previous_questions, question]:
        turn = turn.strip()
        if query is None and names_only_the_guide(turn):
            query = f"{turn} ({THE_GUIDE})"
            continue
        if query is None:
            query = turn
            continue
        # Whether it leans on the conversation is judged as typed ("Which is the best one?" does).
        follows = is_follow_up(turn)
        turn = _the_one_named(turn, query)
        if not follows:
            query = turn
            continue
        # The words that asked for the last answer in another form ("Give me an example") are not
        # its subject, and are not carried to the next question.
        carried = [w for w in content_words(own_words(query)) if w not in content_words(turn)]
        if not carried and asks_whom_it_is_for(query) and (
                _FOR_SOMEONE_ELSE.match(turn)
                or (_SOMEONE_ELSE.match(turn)
                    and _READERS.search(turn))):
            # Whom the guide is for is asked in function words ("Who is the guide for?"), none of
            # which would be carried: "What about for people in the voluntary sector?" or "What
            # about social care leaders?" asks it again for someone else, and carries the
            # question whole.
            carried = [query]
        query = f"{turn} {' '.join(carried[-CARRIED_WORDS:])}".strip()
    return query or ""


def understand(question: str, history: History = ()) -> Question:
    text, notice = clean_question(question)
    turns = turns_of(history)
    return Question(text, search_query(text, [t.question for t in turns]), turns, notice)
