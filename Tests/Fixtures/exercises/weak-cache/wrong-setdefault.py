# Mistake: setdefault evaluates its default first, so the factory runs on every call, cached or not.
# Fails the check: the same object comes back while it is in use, and the factory runs once
import weakref


class Cache:
    def __init__(self):
        self._objects = weakref.WeakValueDictionary()

    def get(self, key, factory):
        return self._objects.setdefault(key, factory())

    def __len__(self):
        return len(self._objects)
