"""The Gradio app (guide_assistant.app): layout and event wiring only, calling the core.

The offline and no-analytics environment is set by the core package, which loads first.
"""
