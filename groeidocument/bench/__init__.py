"""The benchmark of `make bench`: key pages against a bare Django view.

Nothing here is part of the product's URLs. The bench runs with the settings
module groeidocument.bench.settings, which adds the bare view.
"""
