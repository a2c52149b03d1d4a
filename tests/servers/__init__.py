"""Harnesses that start real servers on loopback for the remote-store tests."""
