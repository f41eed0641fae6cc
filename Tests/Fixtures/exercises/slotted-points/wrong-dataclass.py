# Mistake: a plain dataclass is not slotted; without slots=True its instances keep a __dict__.
# Fails the check: a Point holds x and y and refuses any other attribute
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


@dataclass
class Point3D(Point):
    z: int
