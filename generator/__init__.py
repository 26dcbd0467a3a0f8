"""peixun: validate the training-resource records and generate the catalog site."""

__version__ = "0.1.0"
