"""The process around the schema: settings, tokens, the ASGI app and the command line."""
