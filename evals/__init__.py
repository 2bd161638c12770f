"""Evaluation sets and the runner that scores retrieval, grounding and refusal."""
