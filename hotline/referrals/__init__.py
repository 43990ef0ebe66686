"""The legal-aid directory: where a family is, and who can help them there."""
