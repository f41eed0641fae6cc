# Mistake: keeps weakref.ref objects and returns what a dead one gives, None, instead of a fresh object.
# Fails the check: after its object is gone, the key gets a fresh object from the factory
import weakref


class Cache:
    def __init__(self):
        self._refs = {}

    def get(self, key, factory):
        ref = self._refs.get(key)
        if ref is None:
            made = factory()
            self._refs[key] = weakref.ref(made)
            return made
        return ref()

    def __len__(self):
        return sum(1 for ref in self._refs.values() if ref() is not None)
