-- The text of each footnote where the document gives it (PDF page-bottom notes, Markdown
-- `[^n]:` definitions); NULL where only the marker is known.
ALTER TABLE document_footnotes ADD COLUMN note VARCHAR;
