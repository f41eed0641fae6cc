# Mistake: reads the name from argrepr, which is display text: `NULL + round` up to 3.12, `round + NULL` from 3.13.
# Fails the check: the globals a function reads are named, calls included
import dis
import types


def global_reads(func):
    return _reads(func.__code__)


def _reads(code):
    names = {ins.argrepr for ins in dis.get_instructions(code) if ins.opname == "LOAD_GLOBAL"}
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            names |= _reads(constant)
    return names
