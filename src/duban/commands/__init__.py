"""Command-line commands, one module per area (parse, data/store, work/web, export)."""
