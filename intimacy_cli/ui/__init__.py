"""Everything that draws on or asks through the terminal."""
