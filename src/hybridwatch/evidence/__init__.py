"""Evidence across streams: entities, grading and wording, claims checked against the data."""
