"""Tests of the deploy."""
