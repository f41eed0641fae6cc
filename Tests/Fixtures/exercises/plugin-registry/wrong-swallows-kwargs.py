# Mistake: accepts **kwargs but does not pass them on, so the next class in the MRO never sees them.
# Fails the check: class keywords meant for other bases are passed on
class Plugin:
    registry = {}

    def __init_subclass__(cls, /, name=None, **kwargs):
        super().__init_subclass__()
        Plugin.registry[name or cls.__name__.lower()] = cls
