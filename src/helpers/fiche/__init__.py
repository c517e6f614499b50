"""One page's content: its parameters and context, totals and shares, text blocks, key figures, breakdown tables, « Reproduire », the template's cells."""
