"""peixun: validate the training-resource records and generate the catalog site.

Packages, in the direction of their dependencies (README, 代码结构): records/ (files ->
validated records -> catalog), yearly/ (the directory year by year), publish/ (one
subpackage per product: the site, its search, offline copies, open data, the print
edition, charts), contrib/ (tools for contributors), and cli/ (the commands) on top. Each
record kind is declared once in records/kinds/; every page path comes from
publish/website/urls.py.
"""

__version__ = "0.1.0"
