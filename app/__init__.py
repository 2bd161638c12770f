"""The Gradio app: layout and event wiring only, calling the core."""

import os

# Before gradio is imported anywhere: no analytics, no update checks, nothing leaves the machine.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
