# Mistake: keeps the value on the descriptor, which the class owns, so every instance shares it.
# Fails the check: each instance, and each `Positive` attribute of a class, keeps its own value
class Positive:
    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return self.value

    def __set__(self, obj, value):
        if value <= 0:
            raise ValueError(f"{self.name} must be above zero")
        self.value = value
