# Mistake: a plain dict holds strong references, so a cached object never goes away.
# Fails the check: an entry goes when the last strong reference to its object goes
class Cache:
    def __init__(self):
        self._objects = {}

    def get(self, key, factory):
        if key not in self._objects:
            self._objects[key] = factory()
        return self._objects[key]

    def __len__(self):
        return len(self._objects)
