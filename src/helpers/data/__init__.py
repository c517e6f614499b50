"""Read and validate the DGDDI files (labels, flows), cache them as Parquet, download, provenance, the demonstration generator, a scope's records."""
