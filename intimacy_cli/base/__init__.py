"""Foundations every layer may use: errors, paths, settings, text and dates.

Imports nothing else of the app.
"""
