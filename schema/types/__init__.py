"""Strawberry object types of the graph."""
