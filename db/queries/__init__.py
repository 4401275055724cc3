"""Query functions: keyword-only arguments, always scoped to one organization."""
