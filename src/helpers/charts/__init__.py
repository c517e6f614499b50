"""A page's charts: rankings, palette, labels, butterfly, treemap, Sankey, their HTML/CSV rendering, the shared chart cache, the offline vega bundle."""
