"""Click commands of the posters CLI, one module each."""
