"""Configuration: typed schema, sourced parameters, loading and validation."""
