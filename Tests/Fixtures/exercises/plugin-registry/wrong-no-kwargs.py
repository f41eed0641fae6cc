# Mistake: takes only name=, so any other class keyword is refused with a TypeError.
# Fails the check: class keywords meant for other bases are passed on
class Plugin:
    registry = {}

    def __init_subclass__(cls, name=None):
        super().__init_subclass__()
        Plugin.registry[name or cls.__name__.lower()] = cls
