"""The web app and the REST API (FastAPI), over the same services as the command line."""
