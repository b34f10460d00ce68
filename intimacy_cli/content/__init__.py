"""Lesson content: typed model, YAML loading and validation of ``prompts/``."""
