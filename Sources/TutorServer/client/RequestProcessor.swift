import LineProtocol
import NIOCore
import ProgressStore
import Tutoring

/// What to send back for one request line, and whether to close afterwards.
struct RequestOutcome: Sendable {
    var lines: [ReplyLine] = []
    var status = ReplyStatus.ok
    var closeConnection = false
    /// Progress already submitted to the committer; the reply may end with `OK` only once it
    /// is committed.
    var commit: PendingCommit?
    /// The reply already encoded (by a request that ran off the event loop).
    var encoded: ByteBuffer?
    /// What the request changed for its learner, told to the learner's other connections once
    /// the reply is sent (after its commit): see ``ChangeHub``.
    var published: (learner: LearnerID, changes: Set<Subsystem>)?
    /// `idle`: instead of a reply now, the connection waits for one of these changes.
    var idle: Set<Subsystem>?
    /// `noidle`: no reply of its own (it ends an `idle`, which replies).
    var sendsNoReply = false
    /// The whole reply, status line included, made page by page as the client reads it
    /// (`export`): ``lines`` and ``status`` are not sent.
    var pages: (any ReplyPages)?

    init(lines: [ReplyLine] = [], status: ReplyStatus = .ok, closeConnection: Bool = false, commit: PendingCommit? = nil) {
        self.lines = lines
        self.status = status
        self.closeConnection = closeConnection
        self.commit = commit
    }

    /// A reply of payloads, encoded for the connection's format.
    init(_ payloads: [Payload], format: ReplyFormat, commit: PendingCommit? = nil) {
        var lines: [ReplyLine] = []
        lines.reserveCapacity(payloads.count)
        for payload in payloads { payload.appendLines(for: format, to: &lines) }
        self.init(lines: lines, commit: commit)
    }

    static func failure(_ error: ProtocolError) -> RequestOutcome {
        RequestOutcome(status: .error(error))
    }
}

/// Turns one request line into a reply: decoding, validation, and dispatch to a command or
/// to the learner's conversation. No event loop in sight: the connection runs each request
/// where its command declares (``Execution``). NIOCore only for the buffer of a reply encoded
/// off the loop.
enum RequestProcessor {
    /// A request line, read.
    enum Request {
        /// Its reply is known without running anything: a line that is not a request (or one
        /// with the wrong arguments), or `ping`.
        case answered(RequestOutcome)
        /// A command to run where ``Command/execution`` says, with its arguments.
        case command(Command, [String], Execution)
    }

    /// Reads `bytes` as a request: a command of the table, or (in a conversation) chat.
    static func read(_ bytes: some Collection<UInt8>, session: ClientSession) -> Request {
        // The request load balancers and scripts send most: answered without decoding the
        // line (the general path below gives the same reply, and takes `PING` or `ping ` too).
        if bytes.elementsEqual("ping".utf8) { return .answered(RequestOutcome()) }
        if bytes.contains(0) {
            return .answered(.failure(ProtocolError(.badEncoding, "the line contains a NUL byte")))
        }
        guard let line = String(validating: bytes, as: UTF8.self) else {
            return .answered(.failure(ProtocolError(.badEncoding, "the line is not valid UTF-8")))
        }
        if line.unicodeScalars.contains(where: { $0 != "\t" && ControlCharacters.isControl($0) }) {
            return .answered(.failure(ProtocolError(.badRequest, "the line contains control characters (arrow keys and other terminal escapes do not work here)")))
        }
        let word = commandWord(of: line)
        if let command = CommandTable.commands[word] {
            let leading = command.takesText ? command.arity.lowerBound + 1 : nil  // the command word too
            let arguments: [String]
            do throws(ProtocolError) {
                arguments = Array(try RequestTokenizer.words(line[...], thenText: leading).dropFirst())
            } catch {
                return .answered(.failure(error))
            }
            guard command.arity.contains(arguments.count) else {
                return .answered(.failure(ProtocolError(.badArgument, "usage: \(command.usage)")))
            }
            return .command(command, arguments, command.execution(arguments))
        }
        if session.course == nil && !word.isEmpty {
            // Not a conversation yet: a word that is no command is a mistake, not chat.
            let suggestion = CommandTable.closest(to: word).map { "did you mean `\($0)`? " } ?? ""
            return .answered(.failure(ProtocolError(.unknownCommand, "`\(word)` is not a command; \(suggestion)`help` lists them, and `start <course>` opens a conversation")))
        }
        let chat = ConversationCommands.line
        return .command(chat, [line], chat.execution([line]))
    }

    /// Runs a command read by ``read(_:session:)``; `mayBlock` when it runs on the learner
    /// pool. A failed command leaves the session as it was.
    static func run(_ command: Command, _ arguments: [String], session: inout ClientSession, server: ServerContext,
                    mayBlock: Bool) -> RequestOutcome {
        var context = CommandContext(session: session, server: server, mayBlock: mayBlock)
        do throws(ProtocolError) {
            let outcome = try command.run(&context, arguments)
            session = context.session
            return outcome
        } catch {
            return .failure(error)
        }
    }

    /// Whether a request that runs on the learner's worker may run on the event loop that
    /// read it: it will not read the store, because the conversation it works on is in memory
    /// (or there is no store, or no such course). Precondition: the worker is free (this is
    /// its question before running the request).
    static func runsWithoutStore(_ execution: Execution, _ arguments: [String], session: ClientSession,
                                 server: ServerContext, learner: Learner) -> Bool {
        guard case .learner(let needed) = execution else { return execution == .connection }
        guard server.store != nil else { return true }
        let course: String? = switch needed {
        case .none: nil
        case .current: session.course
        case .firstArgument: arguments.first
        }
        guard let course, server.library.course(course) != nil else { return true }
        return learner.withState { $0.conversations.index(forKey: course) != nil }
    }

    /// The request that answers one whose write was refused because the learner's progress
    /// in `course` moved on elsewhere (another tutord on the same database saved a newer
    /// step): says so, and shows the step the learner is at now, read again from the store
    /// (the refused conversation was dropped).
    static func movedOnElsewhere(_ course: String) -> Command {
        Command(name: "", usage: "", summary: "", arity: 0...0, runs: { _ in .blocking }) { context, _ throws(ProtocolError) in
            let notice = Payload.turn(.tutor("Your progress in \(course) moved on elsewhere (another tutor saved a newer step), so your last step did not happen here. This is where you are now:"))
            guard context.session.course == course else {
                return RequestOutcome([notice], format: context.session.format)
            }
            var outcome = try context.converse("repeat")
            outcome.lines.insert(contentsOf: notice.lines(for: context.session.format), at: 0)
            return outcome
        }
    }

    /// What the debug log names a request by: its command word, or `chat` for a line that is
    /// no command (the learner's message, perhaps an answer, which is never logged).
    static func logLabel(_ bytes: some Collection<UInt8>) -> String {
        guard let line = String(validating: bytes, as: UTF8.self) else { return "(not UTF-8)" }
        let word = commandWord(of: line)
        return CommandTable.commands[word] == nil ? "chat" : word
    }

    private static func commandWord(of line: String) -> String {
        RequestTokenizer.commandWord(line[...]).lowercased()
    }
}
