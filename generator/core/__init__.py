"""The lowest layer: diagnostics, escaping for every place text is printed, the Unicode
text-safety policy, address parsing, did-you-mean and the build cache. Imports nothing else of
the generator."""
