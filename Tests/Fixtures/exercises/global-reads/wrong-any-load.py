# Mistake: counts every LOAD_ instruction that names something, locals and attributes included.
# Fails the check: the globals a function reads are named, calls included
import dis


def global_reads(func):
    return {ins.argval for ins in dis.get_instructions(func)
            if ins.opname.startswith("LOAD_") and isinstance(ins.argval, str)}
