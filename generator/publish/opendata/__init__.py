"""Open data (数据下载, `peixun export`): the tables (tables.py) written as JSON, CSV and
Excel (formats.py) and SQLite (sqlite.py), made, checked and written by export.py."""
