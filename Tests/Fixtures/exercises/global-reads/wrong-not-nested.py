# Mistake: looks only at the function's own code, not at the code objects of functions and lambdas defined in it.
# Fails the check: reads inside nested functions and lambdas count
import dis


def global_reads(func):
    return {ins.argval for ins in dis.get_instructions(func) if ins.opname == "LOAD_GLOBAL"}
