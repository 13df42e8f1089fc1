"""Documents: analysts' articles to clean text, claims, entities, dates and footnotes."""
