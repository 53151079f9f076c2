"""The matching engine: candidates → network → solve with pricing → certified result."""
