# Mistake: accepts name= but registers every class under its class name, ignoring the name it asked for.
# Fails the check: a subclass is registered under the name it gives
class Plugin:
    registry = {}

    def __init_subclass__(cls, /, name=None, **kwargs):
        super().__init_subclass__(**kwargs)
        Plugin.registry[cls.__name__] = cls
