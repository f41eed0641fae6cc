import CourseCatalog
import Dialogue
import Foundation
import Testing
@testable import CourseSearch

/// How well `ask` answers (#14), measured on questions a learner of the CPython course would
/// ask, worded as people ask rather than copied from the course, each with the lesson that
/// answers it; and questions the course does not answer, which must get no passage at all.
/// The figures are printed and kept in docs/benchmarks.md; the goals are top-1 ≥ 90 %,
/// top-3 ≥ 98 %, and every unanswerable question unanswered.
@Suite struct AskQualityTests {
    static let course: Course = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("Dialogues/cpython-internals.dialogue").path
        return DialogueParser().parse((try? CourseFiles.read(file: path).get()) ?? [], file: path).course!
    }()

    /// A learner who has answered every question: all explanations may be searched.
    static let finished = CourseAnswerer.Question(
        text: "", courses: ["cpython-internals"],
        answered: ["cpython-internals": Set(course.questions.map(\.id))], lessonAt: ["cpython-internals": 9])

    static let answerer: CourseAnswerer = CourseAnswerer(index: try! CourseIndex(courses: [course]))

    /// (question, the id of the lesson that answers it)
    static let answerable: [(String, String)] = [
        ("why does python have a global lock at all?", "gil"),
        ("can my threads use all the cores?", "gil"),
        ("how often does the interpreter hand the GIL to another thread?", "gil"),
        ("what is the free-threaded build?", "gil"),
        ("how can I do cpu heavy work in parallel?", "gil"),
        ("what are immortal objects?", "gil"),
        ("what is biased reference counting?", "gil"),
        ("does waiting on I/O release the lock?", "gil"),
        ("is counter += 1 thread safe?", "gil"),
        ("how does @property work?", "descriptors"),
        ("data descriptor vs non-data descriptor?", "descriptors"),
        ("why can I shadow a method by assigning to the instance?", "descriptors"),
        ("what is __set_name__ for?", "descriptors"),
        ("in which order is an attribute looked up?", "descriptors"),
        ("why is a property without a setter read-only?", "descriptors"),
        ("what exactly is a descriptor?", "descriptors"),
        ("what builds a class object?", "metaclasses"),
        ("what is __prepare__ for?", "metaclasses"),
        ("how is the metaclass of a class chosen?", "metaclasses"),
        ("when does __init_subclass__ run?", "metaclasses"),
        ("should I write a metaclass or a class decorator?", "metaclasses"),
        ("does the class exist while its body runs?", "metaclasses"),
        ("how can I rewrite code before it runs?", "ast"),
        ("NodeVisitor or NodeTransformer?", "ast"),
        ("how does pytest show the values in a failing assert?", "ast"),
        ("what kind of parser does cpython have?", "ast"),
        ("how do I turn a syntax tree back into source?", "ast"),
        ("how do I remove a node from the tree?", "ast"),
        ("what does fix_missing_locations do?", "ast"),
        ("what happens if I call an async function without awaiting it?", "asyncio"),
        ("what's the difference between a task and a future?", "asyncio"),
        ("does await always give control back to the event loop?", "asyncio"),
        ("why did my background task vanish?", "asyncio"),
        ("what does asyncio.sleep(0) do?", "asyncio"),
        ("how are coroutines related to generators?", "asyncio"),
        ("what is TaskGroup for?", "asyncio"),
        ("when is an object freed?", "gc"),
        ("why are reference cycles not freed right away?", "gc"),
        ("how many generations does the garbage collector have?", "gc"),
        ("what does gc.freeze do?", "gc"),
        ("what changed in the garbage collector in 3.14?", "gc"),
        ("what is the default gc threshold?", "gc"),
        ("are objects with __del__ collected when they are in a cycle?", "gc"),
        ("how do I see the bytecode of a function?", "bytecode"),
        ("why are locals faster than globals?", "bytecode"),
        ("what does LOAD_FAST do?", "bytecode"),
        ("what happened to BINARY_ADD?", "bytecode"),
        ("what is the specializing adaptive interpreter?", "bytecode"),
        ("is the virtual machine stack based?", "bytecode"),
        ("what is loadfastloadfast?", "bytecode"),
        ("how can I cache objects without keeping them alive?", "weakref"),
        ("what does a dead weak reference return?", "weakref"),
        ("weakref.ref or weakref.proxy?", "weakref"),
        ("why can't I weakly reference an int?", "weakref"),
        ("how do I run cleanup code when an object dies?", "weakref"),
        ("how do I keep a weak reference to a bound method?", "weakref"),
        ("what does the import statement check first?", "imports"),
        ("how do I write my own importer?", "imports"),
        ("what is a module spec?", "imports"),
        ("why do circular imports see a half-initialised module?", "imports"),
        ("what happened to find_module?", "imports"),
        ("what do .pth files do?", "imports"),
        ("what is the job of a finder and of a loader?", "imports"),
        ("how do I cut the memory used by millions of small objects?", "slots"),
        ("is attribute access faster with slots?", "slots"),
        ("why does my slotted class refuse new attributes?", "slots"),
        ("can a dataclass use slots?", "slots"),
        ("why doesn't sys.getsizeof show the saving?", "slots"),
        ("can I inherit from two classes that both have __slots__?", "slots"),
    ]

    /// Questions the course does not answer: any passage would be an unrelated answer.
    static let unanswerable: [String] = [
        "how do I install numpy?",
        "what is the best web framework?",
        "how does rust's borrow checker work?",
        "how do I read a csv file?",
        "what's the capital of france?",
        "how do I center a div?",
        "how do regular expressions work?",
        "how do I connect to postgres?",
        "what is a javascript promise?",
        "how do I format a date with strftime?",
        "how does mypy check type hints?",
        "how do I send an http request?",
        "how do I sort a list of dictionaries by a key?",
    ]

    /// Written after the thresholds and stop words were tuned on the tables above, and not
    /// tuned on: how `ask` does on questions it was not fitted to.
    static let heldOut: [(String, String)] = [
        ("why doesn't multithreading speed up my number crunching?", "gil"),
        ("what does sys._is_gil_enabled tell me?", "gil"),
        ("how do classmethods get bound?", "descriptors"),
        ("where does __getattr__ fit into attribute lookup?", "descriptors"),
        ("what is type(int)?", "metaclasses"),
        ("how does enum reject duplicate members?", "metaclasses"),
        ("can ast change code that is already running?", "ast"),
        ("what does ast.parse return?", "ast"),
        ("what does the event loop do with a coroutine?", "asyncio"),
        ("is asyncio.coroutine still available?", "asyncio"),
        ("why does a file close as soon as I drop it?", "gc"),
        ("what is PEP 442 about?", "gc"),
        ("where does LOAD_GLOBAL look?", "bytecode"),
        ("should I trust dis to tell me what is slow?", "bytecode"),
        ("what is WeakValueDictionary good for?", "weakref"),
        ("does a weak reference keep the object alive?", "weakref"),
        ("where are modules cached once imported?", "imports"),
        ("what does PathFinder do?", "imports"),
        ("do slotted instances have a __dict__?", "slots"),
        ("what does dataclass(slots=True) do?", "slots"),
    ]
    static let heldOutUnanswerable: [String] = [
        "how do I write a unit test with unittest?",
        "what is a list comprehension?",
        "how do I profile memory in java?",
        "how do I use pandas groupby?",
        "how does the linux scheduler work?",
    ]

    @Test func questionsNotTunedOn() throws {
        var top1 = 0
        var top3 = 0
        var misses: [String] = []
        for (text, lesson) in Self.heldOut {
            var question = Self.finished
            question.text = text
            let lessons = try Self.answerer.answer(question).map { Self.course.lessons[$0.passage.lessonIndex].id }
            if lessons.first == lesson { top1 += 1 } else { misses.append("\(text) → \(lessons) (want \(lesson))") }
            if lessons.contains(lesson) { top3 += 1 }
        }
        var answeredWrongly: [String] = []
        for text in Self.heldOutUnanswerable {
            var question = Self.finished
            question.text = text
            if let first = try Self.answerer.answer(question).first { answeredWrongly.append("\(text) → \(first.snippet)") }
        }
        print("ask, held out: top-1 \(top1)/\(Self.heldOut.count), top-3 \(top3)/\(Self.heldOut.count), outside the course \(Self.heldOutUnanswerable.count - answeredWrongly.count)/\(Self.heldOutUnanswerable.count) unanswered")
        for miss in misses + answeredWrongly { print("  held out: \(miss)") }
        // A floor, not the goal: these measure how far the tuning carries.
        #expect(top3 * 10 >= Self.heldOut.count * 7)
        #expect(answeredWrongly.isEmpty, "\(answeredWrongly)")
    }

    @Test func theTableIsBigEnough() {
        #expect(Self.answerable.count >= 60)
        #expect(Self.unanswerable.count >= 10)
        let lessons = Set(Self.course.lessons.map(\.id))
        #expect(Set(Self.answerable.map(\.1)) == lessons)
    }

    @Test func topOneAndTopThreeAccuracy() throws {
        var top1 = 0
        var top3 = 0
        var misses: [String] = []
        for (text, lesson) in Self.answerable {
            var question = Self.finished
            question.text = text
            let lessons = try Self.answerer.answer(question).map { Self.course.lessons[$0.passage.lessonIndex].id }
            if lessons.first == lesson { top1 += 1 } else { misses.append("\(text) → \(lessons) (want \(lesson))") }
            if lessons.contains(lesson) { top3 += 1 }
        }
        let count = Double(Self.answerable.count)
        let figures = String(format: "ask: top-1 %.1f %% (%d/%d), top-3 %.1f %% (%d/%d)",
                             Double(top1) * 100 / count, top1, Self.answerable.count, Double(top3) * 100 / count, top3, Self.answerable.count)
        print(figures)
        for miss in misses { print("  missed: \(miss)") }
        #expect(Double(top1) / count >= 0.90, "\(figures)\n\(misses.joined(separator: "\n"))")
        #expect(Double(top3) / count >= 0.98, "\(figures)\n\(misses.joined(separator: "\n"))")
    }

    @Test func questionsTheCourseDoesNotAnswerGetNoPassage() throws {
        var wrong: [String] = []
        for text in Self.unanswerable {
            var question = Self.finished
            question.text = text
            if let first = try Self.answerer.answer(question).first {
                wrong.append("\(text) → lesson \(first.passage.lessonIndex + 1): \(first.snippet)")
            }
        }
        print("ask: \(Self.unanswerable.count - wrong.count)/\(Self.unanswerable.count) questions outside the course answered \"I don't know\"")
        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
    }
}
