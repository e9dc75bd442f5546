"""The public verify page: anyone can check a badge this platform issued."""
