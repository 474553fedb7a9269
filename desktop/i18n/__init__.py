"""Text the user reads: translators, plural forms where none is loaded, the mark that lupdate
finds, and the sanitiser for untrusted text.
"""
