#: The ``_config.yml`` of the tiny French books the Sphinx extension tests build (no execution, no
#: launch buttons, the project's Sphinx extension, French, light mode).
TINY_BOOK_CONFIG = """\
title: Livre de test
author: Tests
only_build_toc_files: true
execute:
  execute_notebooks: "off"
launch_buttons:
  notebook_interface: ""
  binderhub_url: ""
  thebe: false
sphinx:
  extra_extensions:
    - helpers.book.sphinx_site
  config:
    language: fr
    html_context:
      default_mode: light
"""
