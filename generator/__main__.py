"""`python -m generator`: the same command line as `peixun`."""
from .cli import main

main()
