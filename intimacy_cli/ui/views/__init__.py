"""Rich renderables for lessons, entries, progress and the framing texts.

Drawing only: nothing here asks a question or touches the journal.
"""
