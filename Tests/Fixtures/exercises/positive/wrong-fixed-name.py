# Mistake: stores every attribute under one fixed name, so two Positive attributes of a class overwrite each other.
# Fails the check: each instance, and each `Positive` attribute of a class, keeps its own value
class Positive:
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return obj._value

    def __set__(self, obj, value):
        if value <= 0:
            raise ValueError("must be above zero")
        obj._value = value
