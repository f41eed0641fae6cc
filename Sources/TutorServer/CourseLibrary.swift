import CourseCatalog
import CourseSearch
import Dialogue
import LineProtocol
import Logging
import NIOConcurrencyHelpers
import Tutoring

/// The daemon's courses, shared by all connections and replaced as a whole on reload.
///
/// Each load gets a generation number, so a conversation can tell that its course was
/// reloaded and pick up the new version the next time it is started.
public final class CourseLibrary: Sendable {
    private struct State {
        var catalog = CourseCatalog()
        var generation = 0
        /// The full-text index `ask` searches, rebuilt with every load; `nil` without FTS5.
        var answerer: CourseAnswerer?
        /// The files the catalog was loaded from, and what loading them said: a reload that
        /// reads the very same files has nothing to do.
        var files: [(path: String, bytes: [UInt8])] = []
        var diagnostics: [Diagnostic] = []
    }

    private let state = NIOLockedValueBox(State())
    /// Told after every reload (the server tells idle connections that courses changed).
    private let reloadObservers = NIOLockedValueBox<[@Sendable () -> Void]>([])
    private let directories: [String]
    private let logger: Logger

    public init(directories: [String], logger: Logger) {
        self.directories = directories
        self.logger = logger
    }

    /// Reads every course file again. Files that fail to parse keep their previous course and
    /// their diagnostics are logged. Returns the diagnostics.
    ///
    /// When every file reads exactly as last time (the same paths, in the same order, with the
    /// same bytes) nothing is parsed, indexed, logged or announced: a storm of SIGHUPs would
    /// otherwise tell every idle client `changed: courses` each time, and each would ask for
    /// `courses` again.
    @discardableResult
    public func reload() -> [Diagnostic] {
        let (files, readProblems) = CourseFiles.read(directories: directories)
        let (previous, unchanged) = state.withLockedValue { state in
            (state.catalog, state.generation > 0 && Self.same(files, state.files) ? state.diagnostics : nil)
        }
        if let unchanged, readProblems.isEmpty {
            logger.debug("course files unchanged; nothing to reload")
            return unchanged
        }
        let (catalog, diagnostics) = previous.reloaded(from: files)
        let all = readProblems + diagnostics
        for diagnostic in all {
            switch diagnostic.severity {
            case .error: logger.error("\(diagnostic.description)")
            case .warning: logger.warning("\(diagnostic.description)")
            }
        }
        let courses = catalog.ids.compactMap { catalog[$0] }
        var answerer: CourseAnswerer?
        do {
            answerer = CourseAnswerer(index: try CourseIndex(courses: courses))
        } catch {
            logger.warning("ask cannot search the courses: \(error)")
        }
        state.withLockedValue { state in
            state.catalog = catalog
            state.generation += 1
            state.answerer = answerer
            state.files = files
            state.diagnostics = all
        }
        logger.info("courses loaded", metadata: ["courses": "\(catalog.ids.joined(separator: ","))", "directories": "\(directories.joined(separator: ":"))"])
        for observer in reloadObservers.withLockedValue({ $0 }) { observer() }
        return all
    }

    private static func same(_ files: [(path: String, bytes: [UInt8])], _ others: [(path: String, bytes: [UInt8])]) -> Bool {
        files.count == others.count && zip(files, others).allSatisfy { $0.path == $1.path && $0.bytes == $1.bytes }
    }

    /// Calls `observer` after each reload that changed something, from now on.
    func onReload(_ observer: @escaping @Sendable () -> Void) {
        reloadObservers.withLockedValue { $0.append(observer) }
    }

    /// The directories courses are loaded from, in priority order.
    public var searchPath: [String] { directories }

    /// The course with this id and the generation it was loaded in.
    public func course(_ id: String) -> (course: Course, generation: Int)? {
        state.withLockedValue { state in
            state.catalog[id].map { ($0, state.generation) }
        }
    }

    /// All courses, ordered by id.
    public var courses: [Course] {
        state.withLockedValue { state in state.catalog.ids.compactMap { state.catalog[$0] } }
    }
}

extension CourseLibrary: CourseAnswering {
    /// Searches the index of the courses loaded last; `nil` when it could not be built.
    public func answer(_ question: String, courses: Set<String>, answered: [String: Set<String>],
                       lessonAt: [String: Int], openQuiz: (course: String, question: String)?) -> [FoundPassage]? {
        state.withLockedValue({ $0.answerer })?.answer(question, courses: courses, answered: answered, lessonAt: lessonAt,
                                                       openQuiz: openQuiz)
    }
}
