"""Reading a corpus: files to text, cleaning, metadata, sentences."""
