"""Publishing: the public views of an edition turned into what people read, one subpackage
per product. Each sees only the public projection (Catalog.public()).

    website/   the MkDocs site: plugin, page plan, pages, listings, URLs, templates, theme
    search/    Pagefind: what pages tell it, the indexing run, the search UI; offline search
    offline/   the offline copy: a site built for file://, checked and zipped
    opendata/  open data (数据下载): JSON, CSV, Excel and SQLite files
    print/     the print edition: PDFs set with Typst
    charts/    statistics: the numbers, and their figures as SVG

Shared by every product, at this level: views.py (the edition's public views),
settings.py (peixun's settings in mkdocs.yml), outputs.py (where peixun may write).
Products import the shared modules and, one way only, each other (README, 代码结构).
"""
