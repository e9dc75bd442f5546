"""`python -m bench` runs every benchmark (there is one: the reports)."""

from bench.reports import main

main()
