"""The Message Center desktop client."""
