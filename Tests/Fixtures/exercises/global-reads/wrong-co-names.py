# Mistake: takes co_names, which also holds attribute names and globals that are only assigned.
# Fails the check: locals, attribute names and globals that are only assigned are left out
def global_reads(func):
    return set(func.__code__.co_names)
