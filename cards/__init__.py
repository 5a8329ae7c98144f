"""Adaptive Card builders: one per card, built from eecore read models; no services or storage."""
