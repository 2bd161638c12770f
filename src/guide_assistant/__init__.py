"""Guide assistant: answers from NHS England's spread and adoption guide, citing its own words.

The core package: settings, corpus loading, chunking, embeddings, store, retrieval, answering.
Nothing here imports Gradio; the app, the CLI and the evals all call `answer()`.
"""

__version__ = "0.1.0"
