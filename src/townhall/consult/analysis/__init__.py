"""Analysis of consultation answers: themes, stance, campaigns, masking and opinion groups.

Pure functions over plain data (texts, dataclasses, polars frames). Nothing here imports the web
service, so the service and the CLI can both call it.
"""
