# Mistake: refuses only negative values (`< 0`), so zero gets through.
# Fails the check: zero and negative values are refused with ValueError
class Positive:
    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return obj.__dict__[self.name]

    def __set__(self, obj, value):
        if value < 0:
            raise ValueError(f"{self.name} must be above zero")
        obj.__dict__[self.name] = value
