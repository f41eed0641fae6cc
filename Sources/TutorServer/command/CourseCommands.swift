import Dialogue
import Foundation
import LineProtocol
import ProgressStore
import Tutoring

/// Commands that choose a course and say where the learner stands: courses, start, resume, status.
enum CourseCommands {
    static let courses = Command(.courses, runs: .blocking) { context, _ throws(ProtocolError) in
        let courses = context.server.library.courses
        let standings = try context.standings(in: courses)
        return RequestOutcome(courses.flatMap { course -> [Payload] in
            [.turn(.course(id: course.id, title: course.title, level: course.level, summary: course.summary, lessons: course.lessons.count))]
                + (standings[course.id].map { [.turn(.standing($0))] } ?? [])
        }, format: context.session.format)
    }

    static let status = Command(.status, runs: .learner(course: .current)) { context, _ throws(ProtocolError) in
        let session = context.session
        var payloads: [Payload] = [.learner(user: session.userName, uid: nil, profile: session.profile.isEmpty ? nil : session.profile)]
        if let id = session.course {
            let now = CommandContext.seconds(context.server.configuration.clock.now())
            let (standing, expect) = try context.withCurrentConversation(id) { ($0.standing(at: now), $0.expect) }
            payloads += [.current(course: id), .turn(.standing(standing)), .turn(expect)]
        }
        return RequestOutcome(payloads, format: session.format)
    }

    static let start = Command(.start, runs: .learner(course: .firstArgument)) { context, arguments throws(ProtocolError) in
        try context.open(course: arguments[0])
    }

    static let resume = Command(.resume, runs: .blocking) { context, _ throws(ProtocolError) in
        let learner = context.session.learner(in: context.server.learners)
        var last = learner.withState { $0.lastCourse }
        if last == nil, let store = try context.storeForReading() {
            do {
                last = try store.lastCourse(for: context.session.learnerID)
            } catch {
                throw ProtocolError(.storage, "cannot load your progress: \(error)")
            }
        }
        guard let last else {
            throw ProtocolError(.noCourse, "nothing to resume yet; start a course with: start <course> (courses lists them)")
        }
        return try context.open(course: last)
    }
}

extension CommandContext {
    /// Opens the learner's conversation on a course (from memory, else from the store, else
    /// new; moved onto a reloaded version of the course if needed) and makes it this
    /// connection's current course.
    mutating func open(course id: String) throws(ProtocolError) -> RequestOutcome {
        guard let (course, generation) = server.library.course(id) else {
            throw ProtocolError(.unknownCourse, "there is no course \(id); courses lists them")
        }
        let learnerID = session.learnerID
        let committer = server.committer
        let library = server.library
        let hold = session.hold(in: server.learners)
        let now = server.configuration.clock.now()
        let gate = server.writeGate
        let (response, commit) = try withLearnerState { state, store throws(ProtocolError) in
            if state.conversations.index(forKey: id) == nil {
                let (conversation, revision) = try Self.storedConversation(course, learnerID, try store(), answerer: library)
                try Self.countStoredAnswers(into: &state, for: learnerID, gate: gate, store: try store())
                state.place(conversation, generation: generation, revision: revision, for: id)
            }
            var entry = state.conversations[id]!
            if entry.generation != generation {
                entry.conversation = Self.conversation(course, learnerID, progress: entry.conversation.progress, answerer: library)
                entry.generation = generation
            }
            let response = entry.conversation.open(at: Self.seconds(now))
            let commit = Self.submit(response.events, opensCourse: true, hold, id, &entry, at: now, to: committer)
            state.conversations[id] = entry
            state.lastCourse = id
            return (response, commit)
        }
        session.course = id
        return conversationOutcome(response, opensCourse: true, commit: commit)
    }

    /// Sends one line to the current conversation; `opensCourse` when the request made it the
    /// current course (so `resume` finds it). With `shown`, the step the learner's window shows
    /// when they typed it: an answer to that quiz, or a line that is no answer. When the
    /// conversation is not there (another window moved it), nothing happens and the reply is
    /// the current step, ending in `ERR stale`.
    mutating func converse(_ input: String, opensCourse: Bool = false, shown: ShownStep? = nil) throws(ProtocolError) -> RequestOutcome {
        guard let id = session.course else {
            throw ProtocolError(.noCourse, "no course started; start one with: start <course> (courses lists them)")
        }
        assert(mayBlock || !Conversation.mightAsk(input), "a question in words searches the courses: declare it .blocking")
        let learnerID = session.learnerID
        let library = server.library
        let committer = server.committer
        let gate = server.writeGate
        let hold = session.hold(in: server.learners)
        let now = server.configuration.clock.now()
        // Mutated in place in the dictionary: a copy would make every turn copy the progress.
        let (response, commit, stale) = try withLearnerState { state, store throws(ProtocolError) in
            try Self.load(id, into: &state, for: learnerID, from: library, gate: gate, store: store, at: now)
            let open = state.conversations[id]!.conversation.openQuiz?.question
            let openExercise = state.conversations[id]!.conversation.openExercise
            let progress = state.conversations[id]!.conversation.progress
            if let shown, let refusal = shown.refusal(openQuiz: open, openExercise: openExercise,
                                                      isPassed: { progress.questions[$0]?.isCorrect == true }) {
                // A copy shows the step: nothing moves, nothing is stored.
                var view = state.conversations[id]!.conversation
                return (view.respond(to: "repeat", at: Self.seconds(now)), PendingCommit?.none, Optional(refusal))
            }
            let answers: Bool = if case .quiz? = shown { true } else { false }
            let checked: (exercise: String, passed: Int, total: Int)? = if case .exercise(let exercise, let passed, let total)? = shown {
                (exercise, passed, total)
            } else {
                nil
            }
            // The one check of the writes that grow the store, before anything moves.
            let mayRecord = if answers {
                state.conversations[id]!.conversation.mayRecordAnswer
            } else if checked != nil {
                state.conversations[id]!.conversation.mayRecordCheck
            } else {
                state.conversations[id]!.conversation.mayRecord(input)
            }
            if gate.isOn, mayRecord {
                try gate.admit(learnerID, stored: state.storedAnswers, at: now)
            }
            let response = if answers {
                state.conversations[id]!.conversation.respond(answer: input, at: Self.seconds(now))
            } else if let checked {
                state.conversations[id]!.conversation.respond(checked: checked.exercise, passed: checked.passed, total: checked.total,
                                                              at: Self.seconds(now))
            } else {
                state.conversations[id]!.conversation.respond(to: input, at: Self.seconds(now))
            }
            let commit = Self.submit(response.events, opensCourse: opensCourse, hold, id, &state.conversations[id]!, at: now, to: committer)
            if let commit { state.storedAnswers?.add(commit.write.growingRows, in: id) }
            return (response, commit, ProtocolError?.none)
        }
        if let stale {
            var outcome = RequestOutcome(response.turns.map(Payload.turn), format: session.format)
            outcome.status = .error(stale)
            return outcome
        }
        return conversationOutcome(response, opensCourse: opensCourse, commit: commit)
    }

    /// Reads the current conversation (loading it if needed) without moving it.
    mutating func withCurrentConversation<Value>(_ id: String, _ body: (Conversation) -> Value) throws(ProtocolError) -> Value {
        let learnerID = session.learnerID
        let library = server.library
        let gate = server.writeGate
        let now = server.configuration.clock.now()
        return try withLearnerState { state, store throws(ProtocolError) in
            try Self.load(id, into: &state, for: learnerID, from: library, gate: gate, store: store, at: now)
            return body(state.conversations[id]!.conversation)
        }
    }

    /// Where the learner stands in each of `courses` they have begun: from the conversation in
    /// memory, else from the store.
    mutating func standings(in courses: [Course]) throws(ProtocolError) -> [String: Standing] {
        let store = try storeForReading()
        let learnerID = session.learnerID
        let now = Self.seconds(server.configuration.clock.now())
        let inMemory = session.learner(in: server.learners).withState { state in
            state.conversations.mapValues { $0.conversation.standing(at: now) }
        }
        var standings: [String: Standing] = [:]
        for course in courses {
            if let standing = inMemory[course.id] {
                standings[course.id] = standing
            } else if let progress = try Self.storedProgressIfAny(store, learnerID, course.id) {
                standings[course.id] = progress.standing(in: course, at: now)
            }
        }
        return standings
    }

    /// The courses with questions due for review now, most overdue first: (course, how many
    /// are due, when the oldest fell due). From the conversations in memory, else the store.
    mutating func dueReviews(in courses: [Course]) throws(ProtocolError) -> [(course: String, count: Int, oldest: Int64)] {
        let now = Self.seconds(server.configuration.clock.now())
        var due: [(course: String, count: Int, oldest: Int64)] = []
        for (course, progress) in try progressByCourse(courses) {
            let questions = progress.dueQuestions(in: course, at: now)
            guard let first = questions.first, let oldest = progress.cards[first.id]?.due else { continue }
            due.append((course.id, questions.count, oldest))
        }
        return due.sorted { ($0.oldest, $0.course) < ($1.oldest, $1.course) }
    }

    /// `ask all`: the question searched in every course, with what the learner has seen of
    /// each (from memory, else the store); the current conversation, if any, does not move.
    mutating func askEveryCourse(_ question: String) throws(ProtocolError) -> RequestOutcome {
        let courses = server.library.courses
        var answered: [String: Set<String>] = [:]
        var lessonAt: [String: Int] = [:]
        for (course, progress) in try progressByCourse(courses) {
            answered[course.id] = progress.questionsWithAnswersSeen
            lessonAt[course.id] = progress.standing(in: course).lesson - 1
        }
        // The current conversation, read once: its open quiz, and what the reply ends with.
        let now = Self.seconds(server.configuration.clock.now())
        var current: (openQuiz: (course: String, question: String)?, standing: Standing, expect: Turn)?
        if let id = session.course {
            current = try withCurrentConversation(id) { ($0.openQuiz, $0.standing(at: now), $0.expect) }
        }
        let openQuiz = current?.openQuiz
        guard let found = server.library.answer(question, courses: Set(courses.map(\.id)), answered: answered, lessonAt: lessonAt,
                                                openQuiz: openQuiz) else {
            return RequestOutcome([.turn(.tutor("I cannot search the courses here, so I cannot answer questions."))], format: session.format)
        }
        var payloads = Conversation.answerTurns(found, currentCourse: session.course, currentLesson: current?.standing.lesson,
                                                scope: "any course").map(Payload.turn)
        if let current {
            payloads += [.turn(.standing(current.standing)), .turn(current.expect)]
        }
        return RequestOutcome(payloads, format: session.format)
    }

    /// The learner's progress in each of `courses` they have begun, in course order: from the
    /// conversation in memory, else from the store (so the caller must be allowed to block).
    private mutating func progressByCourse(_ courses: [Course]) throws(ProtocolError) -> [(Course, LearnerProgress)] {
        let store = try storeForReading()
        let learnerID = session.learnerID
        let inMemory = session.learner(in: server.learners).withState { state in
            state.conversations.mapValues(\.conversation.progress)
        }
        var found: [(Course, LearnerProgress)] = []
        for course in courses {
            var progress = inMemory[course.id]
            if progress == nil { progress = try Self.storedProgressIfAny(store, learnerID, course.id) }
            if let progress { found.append((course, progress)) }
        }
        return found
    }

    /// A conversation's reply: its turns, `unsaved:` when its change cannot be stored, and the
    /// change to tell the learner's other connections.
    private func conversationOutcome(_ response: Response, opensCourse: Bool, commit: PendingCommit?) -> RequestOutcome {
        var payloads = response.turns.map(Payload.turn)
        let changed = opensCourse || !response.events.isEmpty
        if changed, let reason = server.unsavedReason {
            payloads.insert(.unsaved(reason: reason), at: max(0, payloads.count - 1))  // before `expect`
        }
        var outcome = RequestOutcome(payloads, format: session.format, commit: commit)
        // Only what really changed is announced: opening a course where the learner already is
        // (`start`, `resume`, another window's launch) moves nothing, and says nothing.
        var changes: Set<Subsystem> = []
        for event in response.events {
            if case .positionMoved = event { changes.insert(.position) } else { changes.insert(.progress) }
        }
        outcome.published = (session.learnerID, changes)
        return outcome
    }

    /// Puts the learner's conversation on `id` in memory if it is not: dropped after a failed
    /// commit, or never loaded, the store has the truth. Only then is the course looked up; a
    /// conversation in progress goes on even if a reload dropped its course.
    private static func load(_ id: String, into state: inout Learner.State, for learnerID: LearnerID, from library: CourseLibrary,
                             gate: WriteGate, store: () throws(ProtocolError) -> (any ProgressStorage)?, at now: Date) throws(ProtocolError) {
        guard state.conversations.index(forKey: id) == nil else { return }  // not `[id] == nil`, which copies the conversation
        guard let (course, generation) = library.course(id) else {
            throw ProtocolError(.noCourse, "the course \(id) is no longer available; courses lists them")
        }
        var (conversation, revision) = try storedConversation(course, learnerID, try store(), answerer: library)
        try countStoredAnswers(into: &state, for: learnerID, gate: gate, store: try store())
        _ = conversation.open(at: seconds(now))  // back at the stored position; the greeting is not wanted here
        state.place(conversation, generation: generation, revision: revision, for: id)
    }

    /// The time for the conversation, which keeps no clock of its own, in whole seconds.
    static func seconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }

    /// Forgets the learner's progress in a course: the conversation starts afresh in memory at
    /// once, and the reset is submitted in its place among the learner's writes, so a step of
    /// another connection is either before it (and forgotten) or after it (and kept).
    mutating func resetConversation(_ id: String) throws(ProtocolError) -> PendingCommit? {
        let learnerID = session.learnerID
        let library = server.library
        let course = library.course(id)
        let committer = server.committer
        let gate = server.writeGate
        let store = try storeForReading()
        let hold = session.hold(in: server.learners)
        let now = server.configuration.clock.now()
        return try hold.learner.withState { state throws(ProtocolError) in
            // Counted before the fresh conversation goes in, which no load will count later.
            try Self.countStoredAnswers(into: &state, for: learnerID, gate: gate, store: store)
            state.storedAnswers?.forget(id)
            if let (course, generation) = course {
                // Not dropped: a dropped conversation would be read back from the store before
                // the reset is committed. Not opened either: the next request opens it as a new
                // learner's (greeted as new, not welcomed back).
                let fresh = Self.conversation(course, learnerID, progress: LearnerProgress(), answerer: library)
                state.place(fresh, generation: generation, revision: nil, for: id)  // the reset leaves no enrolment
            } else {
                state.conversations[id] = nil
            }
            let lineage = state.conversations[id]?.lineage
            return committer.map { PendingCommit(.reset(learnerID, course: id, date: now), holding: hold, from: lineage, to: $0) }
        }
    }

    /// Runs `body` with the learner's state (the request runs on the learner's worker). `body`
    /// gets the store through its second argument, to read a conversation that is not in
    /// memory; that happens only on the learner pool (see ``Execution/learner(course:)``).
    private mutating func withLearnerState<Value>(
        _ body: (inout Learner.State, () throws(ProtocolError) -> (any ProgressStorage)?) throws(ProtocolError) -> Value
    ) throws(ProtocolError) -> Value {
        let context = self
        return try session.learner(in: server.learners).withState { state throws(ProtocolError) in
            try body(&state) { () throws(ProtocolError) -> (any ProgressStorage)? in try context.storeForReading() }
        }
    }

    /// Reads how many answers and gradings the learner has stored, once, when the daemon caps
    /// them and the learner's first conversation is put in memory (every way one gets there
    /// calls this), so every conversation that can record is counted. On the learner pool.
    private static func countStoredAnswers(into state: inout Learner.State, for learner: LearnerID, gate: WriteGate,
                                           store: (any ProgressStorage)?) throws(ProtocolError) {
        guard gate.countsStoredAnswers, state.storedAnswers == nil, let store else { return }
        do {
            state.storedAnswers = StoredAnswerCount(byCourse: try store.growingRows(for: learner))
        } catch {
            throw ProtocolError(.storage, "cannot load your progress: \(error)")
        }
    }

    /// Submits a step's events (if there is anything to store) from the learner's worker,
    /// as a write made from `entry` (whose revision moves on with it).
    private static func submit(_ events: [TutoringEvent], opensCourse: Bool, _ hold: LearnerHold, _ course: String,
                               _ entry: inout LoadedConversation, at date: Date, to committer: GroupCommitter?) -> PendingCommit? {
        guard let committer, opensCourse || !events.isEmpty else { return nil }
        let write = entry.write(events, by: hold.id, on: course, at: date, opensCourse: opensCourse)
        return PendingCommit(write, holding: hold, from: entry.lineage, to: committer)
    }

    /// The learner's conversation on a course, from the store (or new), and the revision it
    /// was read at (`nil`: not enrolled).
    private static func storedConversation(_ course: Course, _ learner: LearnerID, _ store: (any ProgressStorage)?,
                                           answerer: CourseLibrary) throws(ProtocolError) -> (Conversation, Int64?) {
        var stored: StoredProgress?
        if let store {
            do {
                stored = try store.storedProgress(for: learner, course: course.id)
            } catch {
                throw ProtocolError(.storage, "cannot load your progress: \(error)")
            }
        }
        return (conversation(course, learner, progress: stored?.progress ?? LearnerProgress(), answerer: answerer), stored?.revision)
    }

    /// A conversation with the learner's phrasing seed: stable per profile and course, so
    /// wording does not change between sessions.
    /// `ask` searches the library's current index, whatever reloads happen meanwhile.
    private static func conversation(_ course: Course, _ learner: LearnerID, progress: LearnerProgress,
                                     answerer: CourseLibrary) -> Conversation {
        var conversation = Conversation(course: course, progress: progress, seed: Conversation.phrasingSeed(profile: learner.profile, course: course.id))
        conversation.answerer = answerer
        return conversation
    }

    private static func storedProgressIfAny(_ store: (any ProgressStorage)?, _ learner: LearnerID, _ course: String) throws(ProtocolError) -> LearnerProgress? {
        guard let store else { return nil }
        do {
            return try store.progress(for: learner, course: course)
        } catch {
            throw ProtocolError(.storage, "cannot load your progress: \(error)")
        }
    }
}
