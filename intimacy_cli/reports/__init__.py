"""What the journal adds up to (progress figures) and how an entry reads as text."""
