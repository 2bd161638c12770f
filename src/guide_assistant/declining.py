"""Stage 6b, the decline: what a leader reads when the guide pages loaded cannot answer.

It says why (a typed reason), then what the loaded pages do cover and questions they answer,
starting from the parts of the guide the question came closest to.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import guide_map
from .contract import Answer, DeclineReason
from .index import Index
from .retrieval import Hit
from .scope import Scope

SUGGESTIONS = 3
WHY = {
    DeclineReason.CLINICAL: ("That is a clinical question. The guide is about leading the spread "
                             "and adoption of innovation, not about treatment, dosage or "
                             "diagnosis, so I can't answer it from the guide; please use "
                             "clinical guidance for that."),
    DeclineReason.DATA: ("The guide holds no figures, statistics or news, so I can't answer "
                         "that from it."),
    DeclineReason.TASK: ("I can answer questions from the guide's own text, but I can't write "
                         "documents or plans, translate, or make recommendations of my own."),
    # Asked what it is or where its answers come from, the assistant says what it does and what
    # it will not do (the same limits the other reasons name one at a time).
    DeclineReason.ASSISTANT: ("I answer questions about NHS England's guide \"Leading the "
                              "spread and adoption of innovation and improvement\", from the "
                              "guide's own text only: each answer cites the passages it comes "
                              "from and names their principle or page. When the pages loaded "
                              "here don't answer a question I say so rather than guess, and I "
                              "don't answer clinical questions, give figures or news, or write "
                              "documents."),
    DeclineReason.OTHER_MODEL: ("The guide pages loaded here don't describe that method or model, "
                                "so I can't answer it from the guide."),
}


def decline(index: Index, search_query: str, scope: Scope, near: Sequence[Hit] = ()) -> Answer:
    """The decline for `scope`'s reason; `near`: what the search found, best first, when the
    question was searched (its suggestions then start from the parts it came closest to)."""
    if scope.reason is DeclineReason.UNLOADED_PAGE:
        # A principle's page is listed with the others; any other part is reached from the home.
        principle = scope.part.endswith(" principle")
        home = (index.principles_home if principle else None) or index.home
        where = f" You can read it on the official site: {home}" if home else ""
        named = f"The guide's {scope.part}" if principle else f"The guide's page on {scope.part}"
        opening = (f"{named} is mentioned in the pages loaded here, but its own page is not one "
                   f"of them, so I can't quote it.{where}")
    elif scope.reason is DeclineReason.INSTRUCTIONS:
        opening = ("I can only answer questions about the guide, from its own text; I can't "
                   "change how I work or share my instructions.")
    elif scope.reason in (DeclineReason.OTHER_MODEL, DeclineReason.OFF_TOPIC) and scope.name:
        # Named, so a leader who asked about "ICS" is not told it is a method, and one who asked
        # what a term means sees which words the pages lack.
        opening = (f"The guide pages loaded here don't mention “{scope.name}”, so I can't answer "
                   "that from the guide.")
    elif scope.reason in WHY:
        opening = WHY[scope.reason]
    else:
        opening = "The guide pages loaded here don't cover that, so I can't answer it from the guide."
    suggestions = guide_map.suggestions_near([h.passage for h in near],
                                             index.suggested_questions, SUGGESTIONS)
    asks = "\n".join(f"- {q}" for q in suggestions)
    text = f"{opening}\n\nThey cover {index.coverage_line}. You could ask:\n{asks}"
    return Answer(answer=text, refused=True, principle=None, search_query=search_query,
                  decline=scope.reason or DeclineReason.OFF_TOPIC)
