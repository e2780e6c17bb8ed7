"""Fixture builders shared by the tests and the benchmarks; the application never imports this.

It lives inside the package so benchmarks import it like any module (no ``sys.path`` tricks).
"""
