"""What the operating system provides: paths, bundled resources, the keyring, autostart, one
instance per user, logging and the allocator.
"""
