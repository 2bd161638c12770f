"""Guide assistant: answers from NHS England's spread and adoption guide, citing its own words.

The core package: settings, corpus loading, chunking, embeddings, store, the answer stages.
Nothing here imports Gradio; the app, the CLI and the evals all call `Assistant`. The front ends
install under it as guide_assistant.app, guide_assistant.ingest and guide_assistant.evals.
"""

import os

__version__ = "0.1.0"

# Offline and private, set once for every entry point before any library reads them: nothing is
# fetched from a model hub (hospital networks block it) and no library sends telemetry.
for _name, _value in {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                      "HF_HUB_DISABLE_TELEMETRY": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1",
                      "TRANSFORMERS_VERBOSITY": "error",
                      "GRADIO_ANALYTICS_ENABLED": "False"}.items():
    os.environ.setdefault(_name, _value)
