"""The site: the MkDocs plugin (plugin.py, files.py) hands MkDocs the pages that render.py
makes from the page plan (listings.py) with the templates and the listing tables
(tables.py, finder.py); every path comes from urls.py; `peixun build` is build.py."""
