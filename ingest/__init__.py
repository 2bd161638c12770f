"""Ingestion entry point: corpus → passages → index (see ingest.pipeline.run_ingest)."""

from .pipeline import IngestSummary, run_ingest

__all__ = ["IngestSummary", "run_ingest"]
