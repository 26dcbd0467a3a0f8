"""The print edition (印刷版, `peixun print`): what the documents hold (contents.py), set
as PDF with Typst from the templates in templates/ (typeset.py)."""
