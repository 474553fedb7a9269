"""Who is signed in where: the session (server, user, token in the keyring), profiles, and the
embedded demo server.
"""
