"""What the tests share and nothing else: factories of rows, GraphQL documents, servers and
clients, tokens, paths. No test lives here; no test module imports another test module."""
