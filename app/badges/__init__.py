"""Open Badges: signing keys, signatures and baked images."""
