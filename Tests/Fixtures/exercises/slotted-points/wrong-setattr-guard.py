# Mistake: refuses unknown attributes in __setattr__, but every instance still carries a __dict__.
# Fails the check: a Point has no `__dict__`
class Point:
    allowed = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y

    def __setattr__(self, name, value):
        if name not in self.allowed:
            raise AttributeError(f"Point has no attribute {name!r}")
        super().__setattr__(name, value)


class Point3D(Point):
    allowed = ("x", "y", "z")

    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z
