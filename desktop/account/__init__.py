"""Who is signed in where: the session (server, user, token in the keyring), the profile's
account, and the demo (`msgcenter --demo`: the reference server in a child process).
"""
