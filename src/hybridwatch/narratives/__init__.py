"""Narratives: statements by actors → narrative clusters, cross-actor alignment, coordination."""
