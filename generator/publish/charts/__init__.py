"""Statistics (统计): what each chart counts (stats.py) and how it is drawn: a figure
with its table (figures.py) around an SVG drawing (svg.py)."""
