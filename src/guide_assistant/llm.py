"""The optional LLM answerer: LangChain chat models behind the grounding guard.

`none` (the default) means extractive answers only. `openai` is any OpenAI-compatible endpoint
(vLLM, llama.cpp server, LM Studio, gateways) through ChatOpenAI with a base URL; `ollama` is
ChatOllama. The model only drafts: every sentence it writes is checked against the passages it
cites, and what the guide does not support never reaches the leader.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from . import prompts
from .chunking import Passage
from .contract import Answer, Citation, Draft, Final
from .extractive import lead_line
from .errors import SettingsError
from .settings import Settings

if TYPE_CHECKING:  # LangChain is imported only when a model is configured: it slows every start
    from langchain_core.language_models.chat_models import BaseChatModel
    from langchain_core.messages import BaseMessage

PROVIDERS = ("none", "openai", "ollama")


def make_chat_model(settings: Settings) -> "BaseChatModel | None":
    """The configured chat model, or None for extractive answers."""
    provider = settings.llm
    if provider == "none":
        return None
    if provider not in PROVIDERS:
        raise SettingsError(f"unknown LLM provider {provider!r}; choose one of {', '.join(PROVIDERS)}")
    if not settings.llm_model:
        raise SettingsError("set the model name with --llm-model or GUIDE_LLM_MODEL")
    if provider == "openai":
        from langchain_openai import ChatOpenAI

        if not settings.llm_base_url:
            raise SettingsError("set the endpoint with --llm-base-url or GUIDE_LLM_BASE_URL, "
                                "e.g. http://localhost:8000/v1")
        return ChatOpenAI(model=settings.llm_model, base_url=settings.llm_base_url,
                          api_key=settings.llm_api_key or "not-needed", temperature=0,
                          timeout=settings.llm_timeout, max_retries=0)
    from langchain_ollama import ChatOllama

    return ChatOllama(model=settings.llm_model, temperature=0,
                      base_url=settings.llm_base_url or "http://127.0.0.1:11434",
                      client_kwargs={"timeout": settings.llm_timeout})


def _fence(text: str) -> str:
    # Passages are data: escape anything that could close the fence or open a new one.
    return html.escape(text, quote=False)


def build_messages(question: str, passages: Sequence[Passage],
                   history: Sequence[tuple[str, str | None]] = ()) -> list["BaseMessage"]:
    """System rules, earlier turns (question and, where known, answer), then fenced passages."""
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    messages: list = [SystemMessage(prompts.SYSTEM.format(decline=prompts.DECLINE_TOKEN))]
    for earlier_question, earlier_answer in history:
        messages.append(HumanMessage(earlier_question))
        if earlier_answer:
            messages.append(AIMessage(earlier_answer))
    block = "\n\n".join(prompts.PASSAGE.format(n=i, title=_fence(p.title), section=_fence(p.section),
                                               text=_fence(p.text))
                        for i, p in enumerate(passages, 1))
    messages.append(HumanMessage(prompts.QUESTION.format(passages=block, question=question)))
    return messages


def stream_draft(model: "BaseChatModel", messages: list["BaseMessage"]) -> Iterator[str]:
    """The model's text as it arrives; raises whatever the endpoint raises."""
    for chunk in model.stream(messages):
        content = chunk.content if isinstance(chunk.content, str) else "".join(
            part.get("text", "") for part in chunk.content if isinstance(part, dict))
        if content:
            yield content


@dataclass
class Guarded:
    text: str                                  # kept sentences, markers renumbered 1..k
    cited: list[int]                           # original passage numbers, in new order
    kept: list[str] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    declined: bool = False


def guard(draft: str, passages: Sequence[Passage], checker) -> Guarded:
    """Keep only the sentences the cited passages support; renumber their citations.

    Unsupported sentences are removed, not shown flagged: leaders lift these answers into board
    papers, where a warning marker would be lost and the sentence quoted as the guide's.
    """
    if prompts.DECLINE_TOKEN in draft:
        return Guarded("", [], declined=True)
    report = checker.check_text(draft, {i: p.text for i, p in enumerate(passages, 1)})
    renumber: dict[int, int] = {}
    kept_sentences, kept, removed = [], [], []
    for s in report.sentences:
        if s.supported:
            markers = "".join(f"[{renumber.setdefault(n, len(renumber) + 1)}]"
                              for n in s.supported_by)
            kept_sentences.append(f"{s.text} {markers}")
            kept.append(s.text)
        else:
            removed.append({"sentence": s.text, "reason": s.problem or "unsupported"})
    cited = sorted(renumber, key=renumber.get)
    return Guarded(" ".join(kept_sentences), cited, kept, removed)


def error_notice(exc: BaseException) -> str:
    """A leader-readable reason the model could not answer; never a stack trace."""
    name = exc.__class__.__name__
    text = str(exc).lower()
    if "timeout" in name.lower() or "timed out" in text:
        why = "it did not answer in time"
    elif "auth" in name.lower() or "401" in text:
        why = "it refused the API key (check GUIDE_LLM_API_KEY)"
    elif "notfound" in name.lower() or "404" in text or "not found" in text:
        why = "it does not know that model (check GUIDE_LLM_MODEL)"
    elif "connect" in name.lower() or "connection" in text:
        why = "it could not be reached (check GUIDE_LLM_BASE_URL)"
    else:
        why = f"it failed ({name})"
    return f"The language model was not used: {why}. Here is the answer in the guide's own words."




class LLMWriter:
    """Stage 6c, with a model configured: stream its draft, then the guarded answer.

    Falls back to the extractive answer (with a notice) when the model fails or nothing it wrote
    can be checked against the guide, and to a decline when it declines.
    """

    PASSAGES = 5  # numbered passages the model may cite

    def __init__(self, chat_model: "BaseChatModel", checker, retriever) -> None:
        self.chat_model = chat_model
        self.checker = checker
        self.retriever = retriever  # for the quotes: one unit lookup for all cited passages

    def write(self, question, hits, extractive: Answer,
              decline: Callable[[], Answer]) -> Iterator[Draft | Final]:
        passages = [h.passage for h in hits[:self.PASSAGES]]
        history = [(t.question, t.answer) for t in question.turns]
        draft = ""
        try:
            for piece in stream_draft(self.chat_model, build_messages(question.text, passages,
                                                                      history)):
                draft += piece
                yield Draft(draft)
        except Exception as exc:  # endpoint down, timeout, 401, unknown model, bad reply
            extractive.notice = error_notice(exc)
            yield Final(extractive)
            return
        checked = guard(draft, passages, self.checker)
        if checked.declined:
            answer = decline()
            answer.mode = "llm"
            yield Final(answer)
            return
        report = {"kept": checked.kept, "removed": checked.removed}
        if not checked.kept:
            extractive.notice = ("The language model's answer could not be checked against the "
                                 "guide, so here is the guide's own wording instead.")
            extractive.guard = report
            yield Final(extractive)
            return
        yield Final(self._answer(checked, hits, extractive, report))

    def _answer(self, checked: Guarded, hits, extractive: Answer, report: dict) -> Answer:
        # One encoding of what was kept, one unit lookup for all cited passages.
        cited = [hits[old_n - 1].passage for old_n in checked.cited]
        vector = self.retriever.embedder.encode_one(" ".join(checked.kept))
        sims = self.retriever.index.generation.unit_similarities(cited, vector)
        citations = []
        for new_n, old_n in enumerate(checked.cited, 1):
            hit = hits[old_n - 1]
            unit = hit.passage.units[int(np.argmax(sims[hit.passage.id]))]
            citations.append(Citation.from_passage(new_n, hit.passage,
                                                   hit.passage.unit_text(unit), hit.score))
        return Answer(answer=f"{lead_line(list(enumerate(cited, 1)))}\n\n{checked.text}",
                      refused=False, principle=cited[0].principle,
                      search_query=extractive.search_query,
                      citations=citations, mode="llm", guard=report,
                      rewritten=extractive.rewritten)
