"""Ingestion (guide_assistant.ingest): corpus → passages → index (see pipeline.run_ingest)."""

from .pipeline import IngestSummary, run_ingest

__all__ = ["IngestSummary", "run_ingest"]
