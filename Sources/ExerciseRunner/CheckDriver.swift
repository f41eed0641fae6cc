/// The Python program that runs one check: it loads the learner's file as a module (so
/// tracebacks name the learner's file and line), then, for a python check, runs the check's
/// code in that module's namespace, so the check uses the learner's names directly.
///
/// Arguments: the learner's file name (in the working directory) and `python`, `output` or
/// `dialogue`. For `output` the file runs as `__main__`, as `python3 file.py` would run it; for
/// `python` it is imported under its own name, so a demo under `if __name__ == "__main__":`
/// stays quiet. For `dialogue` the learner's file is a course, which tutord has parsed already:
/// the check runs alone, with that course as plain data (``CourseData``) named `course`.
///
/// A pass is exit status 0 *and* `passed` written on descriptor 3 after the check ran, so code
/// that ends the program early (`os._exit(0)`, a replaced `sys.exit`, an `atexit` handler that
/// exits 0) is not taken for a pass. The check is read before the learner's code runs, so that
/// code cannot rewrite it. None of this stops a learner who sets out to cheat: the code runs
/// in the same process, so an outcome is the learner's own word (docs/exercises.md).
enum CheckDriver {
    static let fileName = "tutord_check_driver.py"
    static let checkFileName = "tutord_check.py"
    /// The parsed course of a dialogue exercise, as JSON.
    static let courseFileName = "tutord_check_course.json"
    /// What the driver writes on descriptor 3 once the check has run and passed.
    static let passedMarker = "passed\n"

    static let source = #"""
import json
import os
import sys
import traceback
import types


def main():
    learner, mode = sys.argv[1], sys.argv[2]
    marker = os.fdopen(3, "w")
    check = None
    if mode != "output":
        with open("tutord_check.py", encoding="utf-8") as file:
            check = compile(file.read(), "tutord_check.py", "exec")
    if mode == "dialogue":
        with open("tutord_check_course.json", encoding="utf-8") as file:
            namespace = {"__name__": "tutord_check", "course": json.load(file)}
        try:
            exec(check, namespace)
        except BaseException as error:
            traceback.print_exception(type(error), error, error.__traceback__.tb_next)
            sys.stderr.flush()
            os._exit(1)
        marker.write("passed\n")
        marker.flush()
        return
    name = "__main__" if mode == "output" else learner[:-3]
    module = types.ModuleType(name)
    module.__file__ = learner
    # Under its own name (dataclasses and pickle look classes up there), unless that name is
    # taken: a learner's types.py must not replace the standard library's module.
    if name == "__main__" or (name not in sys.modules and name not in sys.stdlib_module_names):
        sys.modules[name] = module
    sys.argv = [learner]
    try:
        with open(learner, encoding="utf-8") as file:
            source = file.read()
        exec(compile(source, learner, "exec"), module.__dict__)
        if check is not None:
            exec(check, module.__dict__)
    except SystemExit as stop:
        if mode == "python" or stop.code not in (None, 0):
            print(f"the code called sys.exit({stop.code!r})", file=sys.stderr)
            os._exit(1)
    except BaseException as error:
        traceback.print_exception(type(error), error, error.__traceback__.tb_next)
        sys.stderr.flush()
        os._exit(1)
    sys.stdout.flush()
    marker.write("passed\n")
    marker.flush()


main()
"""#
}
