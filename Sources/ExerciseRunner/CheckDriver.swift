/// The Python program that runs one check: it loads the learner's file as a module (so
/// tracebacks name the learner's file and line), then, for a python check, runs the check's
/// code in that module's namespace, so the check uses the learner's names directly.
///
/// Arguments: the learner's file name (in the working directory) and `python` or `output`.
/// For `output` the file runs as `__main__`, as `python3 file.py` would run it; for `python` it
/// is imported under its own name, so a demo under `if __name__ == "__main__":` stays quiet.
/// Exit 0: passed. Exit 1: failed, with the traceback (without this driver's own frame) on
/// standard error.
enum CheckDriver {
    static let fileName = "tutord_check_driver.py"
    static let checkFileName = "tutord_check.py"

    static let source = #"""
import sys
import traceback
import types


def main():
    learner, mode = sys.argv[1], sys.argv[2]
    name = "__main__" if mode == "output" else learner[:-3]
    module = types.ModuleType(name)
    module.__file__ = learner
    sys.modules[name] = module
    sys.argv = [learner]
    try:
        with open(learner, encoding="utf-8") as file:
            source = file.read()
        exec(compile(source, learner, "exec"), module.__dict__)
        if mode == "python":
            with open("tutord_check.py", encoding="utf-8") as file:
                check = file.read()
            exec(compile(check, "tutord_check.py", "exec"), module.__dict__)
    except SystemExit as stop:
        if mode == "python" or stop.code not in (None, 0):
            print(f"the code called sys.exit({stop.code!r})", file=sys.stderr)
            sys.exit(1)
    except BaseException as error:
        traceback.print_exception(type(error), error, error.__traceback__.tb_next)
        sys.exit(1)
    sys.stdout.flush()


main()
"""#
}
