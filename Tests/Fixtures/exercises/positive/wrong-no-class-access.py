# Mistake: forgets that reading the attribute on the class calls __get__ with obj None.
# Fails the check: reading the attribute on the class gives the descriptor itself
class Positive:
    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, objtype=None):
        return obj.__dict__[self.name]

    def __set__(self, obj, value):
        if value <= 0:
            raise ValueError(f"{self.name} must be above zero")
        obj.__dict__[self.name] = value
