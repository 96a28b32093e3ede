"""Tests of the staff."""
