import ArgumentParser
import TutorServer

/// `tutord serve`'s flags for what one learner's answers may add to the store. Unset, they
/// are a classroom's defaults with `--classroom` (``WriteLimits/classroom``) and off in a
/// user's own daemon, where only that user can connect.
struct WriteLimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Answers one learner may send in a row before --max-answers-per-minute applies.",
                               discussion: "Default: 30.", valueName: "count"))
    var answerBurst: Int?

    @Option(help: ArgumentHelp("Answers (review answers included) one learner may send per minute after the burst; more get `ERR rate-limited`, and nothing is recorded. 0: no limit.",
                               discussion: "Default: 120 with --classroom, else 0.", valueName: "count"))
    var maxAnswersPerMinute: Int?

    @Option(help: ArgumentHelp("Answers and review gradings one learner may have stored; more get `ERR quota` until `reset <course>` frees room. 0: no limit.",
                               discussion: "Default: 20000 with --classroom, else 0.", valueName: "count"))
    var maxStoredAnswers: Int?

    func validate() throws {
        if let answerBurst, answerBurst < 1 { throw ValidationError("--answer-burst must be at least 1") }
        if let maxAnswersPerMinute, maxAnswersPerMinute < 0 { throw ValidationError("--max-answers-per-minute must be 0 or more") }
        if let maxStoredAnswers, maxStoredAnswers < 0 { throw ValidationError("--max-stored-answers must be 0 or more") }
    }

    /// The limits these flags give, for a classroom daemon or a user's own.
    func limits(classroom: Bool) -> WriteLimits {
        let defaults = classroom ? WriteLimits.classroom : WriteLimits.none
        return WriteLimits(burst: answerBurst ?? WriteLimits.classroom.burst,
                           perMinute: maxAnswersPerMinute ?? defaults.perMinute,
                           maxStored: maxStoredAnswers ?? defaults.maxStored)
    }
}
