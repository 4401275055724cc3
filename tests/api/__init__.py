"""Through the GraphQL schema, over HTTP and WebSocket, server processes and the CLI."""
