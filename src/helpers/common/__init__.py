"""Cross-cutting utilities of every stage: errors, paths, French number formatting, the partition checks."""
