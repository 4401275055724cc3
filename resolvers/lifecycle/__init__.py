"""The appointment lifecycle: book, hold, confirm, move, cancel and the checks they share."""
