import CourseCatalog
import CourseSearch
import Dialogue
import Dispatch
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
        /// The full-text index `ask` searches, rebuilt with every load (after it, off the
        /// caller's thread); it holds `nil` without FTS5.
        var answerer: DeferredAnswerer?
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
    /// Builds the `ask` index of a load's courses.
    private let buildIndex: @Sendable ([Course]) throws -> CourseAnswerer
    /// Where the indexes are built, one at a time: a reload's build waits for the one before.
    private let indexQueue = DispatchQueue(label: "tutord.course-index")
    /// Whether `indexQueue` is suspended by ``holdIndexBuilds()``.
    private let indexBuildsHeld = NIOLockedValueBox(false)

    public convenience init(directories: [String], logger: Logger) {
        self.init(directories: directories, logger: logger, buildIndex: Self.searchIndex)
    }

    /// The `ask` index the daemon builds: FTS5, a copy per core.
    static let searchIndex: @Sendable ([Course]) throws -> CourseAnswerer = { courses in
        CourseAnswerer(index: try CourseIndex(courses: courses))
    }

    /// `buildIndex` stands in for the FTS5 build in tests (to hold it while the daemon answers).
    init(directories: [String], logger: Logger, buildIndex: @escaping @Sendable ([Course]) throws -> CourseAnswerer) {
        self.directories = directories
        self.logger = logger
        self.buildIndex = buildIndex
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
        let answerer = DeferredAnswerer(on: indexQueue) { [buildIndex, logger] () -> CourseAnswerer? in
            do {
                return try buildIndex(courses)
            } catch {
                logger.warning("ask cannot search the courses: \(error)")
                return nil
            }
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

    /// Holds index builds back until ``releaseIndexBuilds()``: the daemon's first load builds
    /// its index only once the daemon listens, since a build running beside the store's
    /// opening contended with it for SQLite's global locks (the opening took 20-50 ms more).
    /// Call before the first ``reload()``; whoever holds must release (a suspended queue
    /// must not be freed), which ``releaseIndexBuilds()`` allows to do more than once.
    public func holdIndexBuilds() {
        let hold = indexBuildsHeld.withLockedValue { held in
            defer { held = true }
            return !held
        }
        if hold { indexQueue.suspend() }
    }

    /// Lets held index builds run; does nothing when none are held.
    public func releaseIndexBuilds() {
        let release = indexBuildsHeld.withLockedValue { held in
            defer { held = false }
            return held
        }
        if release { indexQueue.resume() }
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
    /// Searches the index of the courses loaded last, waiting for its build if it has not
    /// finished; `nil` when it could not be built.
    public func answer(_ question: String, courses: Set<String>, answered: [String: Set<String>],
                       lessonAt: [String: Int], openQuiz: (course: String, question: String)?) -> [FoundPassage]? {
        state.withLockedValue({ $0.answerer })?.wait()?.answer(question, courses: courses, answered: answered, lessonAt: lessonAt,
                                                       openQuiz: openQuiz)
    }
}
