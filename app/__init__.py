"""The Gradio app: layout and event wiring only, calling the core."""
