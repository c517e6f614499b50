"""Execute the pages (warm kernels, papermill) and build and publish the Jupyter Book: plan, generated pages, Sphinx extensions, benchmark."""
