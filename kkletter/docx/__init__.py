"""DOCX output: `kkletter.docx.writer` draws a composed letter; `_xml` holds the raw OOXML."""
