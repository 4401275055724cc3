"""Query and mutation resolvers: parse input, call one function, return rows or results."""
