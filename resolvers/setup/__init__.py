"""Practice setup: locations, operatories, providers, patients and appointment types."""
