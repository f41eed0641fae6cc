# Mistake: makes name= required, so a subclass that leaves it out cannot even be defined.
# Fails the check: a subclass without `name=` is registered under its class name in lowercase
class Plugin:
    registry = {}

    def __init_subclass__(cls, /, name, **kwargs):
        super().__init_subclass__(**kwargs)
        Plugin.registry[name] = cls
