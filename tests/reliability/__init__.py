"""Reliability and security, proven with figures (issue 8); see RELIABILITY.md."""
