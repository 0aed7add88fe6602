"""Backup and restore of a whole installation, and the data-at-rest rules (files private)."""
