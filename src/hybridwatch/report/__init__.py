"""The case report: one self-contained HTML file (and PDF)."""
