"""Developer tools for inspection-reports: the synthetic archive and the benchmark.

A separate distribution (``tools/pyproject.toml``), so the product's wheel
ships none of it; ``make install`` installs both, and the tests run both.
"""
