"""What is kept on disk: the index, Parquet in and out, TOML in."""
