"""Text the user reads: translators, plural forms where none is loaded, and the sanitiser for
untrusted text.
"""
