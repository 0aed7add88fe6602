"""Sanxiang (三项): publicity, whole-process recording and legal review for enforcement bodies."""

__version__ = "0.1.0"
