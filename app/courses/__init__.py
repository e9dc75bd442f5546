"""The content engine: Markdown course folders parsed, checked and rendered into a Catalogue."""
