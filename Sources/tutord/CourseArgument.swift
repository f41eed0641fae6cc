import CourseCatalog
import Dialogue
import Foundation

/// What `tutord walk` was given: a course file or a course id. An argument containing `/`,
/// ending in `.dialogue`, or naming an existing file is a file (so `walk my-course.dialogue`
/// and `walk ./draft` read what the author is editing); anything else is an id, looked up on
/// the search path as the daemon would.
enum CourseArgument: Equatable {
    case file(String)
    case id(String)

    init(_ argument: String) {
        var isDirectory: ObjCBool = false
        let isFile = FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) && !isDirectory.boolValue
        if argument.contains("/") || argument.hasSuffix("." + CourseFiles.fileExtension) || isFile {
            self = .file(argument)
        } else {
            self = .id(argument)
        }
    }

    /// The course in the file at `path`, or nil with the reasons (`file:line:column` each).
    static func load(file path: String) -> (course: Course?, diagnostics: [Diagnostic]) {
        switch CourseFiles.read(file: path) {
        case .failure(let problem): return (nil, [problem.diagnostic])
        case .success(let bytes): return parse(bytes, file: path)
        }
    }

    /// The course in `bytes`, read from `path`, or nil with the reasons.
    static func parse(_ bytes: [UInt8], file path: String) -> (course: Course?, diagnostics: [Diagnostic]) {
        let result = DialogueParser().parse(bytes, file: path)
        return (result.course, result.diagnostics)
    }
}
