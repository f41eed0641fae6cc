# Mistake: the subclass repeats its parent's slots, which gives each instance a second, hidden field for x and y.
# Fails the check: Point3D's `__slots__` lists only its new name
class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


class Point3D(Point):
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z
