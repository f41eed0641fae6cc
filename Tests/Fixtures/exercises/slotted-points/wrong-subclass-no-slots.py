# Mistake: the subclass declares no __slots__ of its own, so its instances get a __dict__ back.
# Fails the check: a Point3D holds x, y and z and has no `__dict__`
class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


class Point3D(Point):
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z
