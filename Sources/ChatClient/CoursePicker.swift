import LineProtocol

/// One course the daemon offers, with where the learner stands in it (if begun).
public struct CourseListing: Sendable, Equatable {
    public var id: String
    public var title: String
    public var level: String
    public var lessons: Int
    public var standing: Standing?

    /// The `course:` lines of a `courses` reply, each with the `standing:` that follows it.
    static func listings(in reply: Reply) -> [CourseListing] {
        var listings: [CourseListing] = []
        for payload in reply.payloads {
            switch payload {
            case .turn(.course(let id, let title, let level, _, let lessons)):
                listings.append(CourseListing(id: id, title: title, level: level, lessons: lessons))
            case .turn(.standing(let standing)):
                if let index = listings.lastIndex(where: { $0.id == standing.course }) {
                    listings[index].standing = standing
                }
            default:
                break
            }
        }
        return listings
    }
}

/// The course picker: the courses, one selected, chosen with keys. A value; ``ChatScreen``
/// shows it in place of the transcript.
public struct CoursePicker: Sendable, Equatable {
    public var courses: [CourseListing]
    public private(set) var selected = 0
    /// Whether there is a conversation to go back to (Esc closes the picker).
    public var canClose: Bool
    /// Where course files go, and what the daemon said, for the case of no course at all.
    var searchPath: [String]
    var daemonMessage: [String]
    /// How to make the daemon read its folders again (after "Put a course there (…), ").
    var reload: String
    /// Why the picker is shown when that is news (`--course` named no course).
    var notice: String?

    init(courses: [CourseListing], current: String?, canClose: Bool, searchPath: [String], reload: String = "then restart tutord.", daemonMessage: [String], notice: String? = nil) {
        self.reload = reload
        self.courses = courses
        self.notice = notice
        self.canClose = canClose
        self.searchPath = searchPath
        self.daemonMessage = daemonMessage
        // The course in progress, else the first one begun, else the first.
        selected = courses.firstIndex { $0.id == current } ?? courses.firstIndex { $0.standing != nil } ?? 0
    }

    mutating func move(by delta: Int) {
        guard !courses.isEmpty else { return }
        selected = min(courses.count - 1, max(0, selected + delta))
    }

    mutating func select(_ index: Int) {
        if courses.indices.contains(index) { selected = index }
    }

    var selectedCourse: CourseListing? {
        courses.indices.contains(selected) ? courses[selected] : nil
    }

    /// The picker for a body of `width` × `height`, scrolled so the selected course shows.
    func render(width: Int, height: Int) -> [StyledLine] {
        guard !courses.isEmpty else { return emptyView(width: width, height: height) }
        var lines: [StyledLine] = []
        if let notice {
            lines += TextWrapper.wrap(notice, width: width).map { StyledLine($0, .system) }
        }
        lines += [StyledLine(fit("Choose a course: ↑↓ and Enter, or its number", width), .heading), StyledLine("", .plain)]
        var rows: [[StyledLine]] = []
        for (index, course) in courses.enumerated() {
            let isSelected = index == selected
            let number = index < 9 ? "\(index + 1)" : " "
            let first = (isSelected ? "▶ " : "  ") + number + "  " + course.title
            var details = [course.level, counted(course.lessons, "lesson")]
            if let standing = course.standing {
                details.append(standing.summary.lessonsDone == standing.summary.lessons
                               ? "finished" : "at lesson \(standing.lesson)")
                details.append("\(standing.summary.lessonsDone)/\(standing.summary.lessons) done")
                details.append("\(standing.summary.xp) XP")
            } else {
                details.append("not started")
            }
            let style: Style = isSelected ? .selected : .tutor
            rows.append([StyledLine(fit(first, width), style),
                         StyledLine(fit("     " + details.joined(separator: " · "), width), isSelected ? .selected : .dim)])
        }
        // Scroll whole rows so the selected one is on screen.
        let room = max(1, height - lines.count)
        let perRow = 2
        let visibleRows = max(1, room / perRow)
        let first = min(max(0, selected - visibleRows + 1), max(0, rows.count - visibleRows))
        for row in rows[first..<min(rows.count, first + visibleRows)] { lines += row }
        if first + visibleRows < rows.count, lines.count < height {
            lines.append(StyledLine(fit("↓ \(rows.count - first - visibleRows) more", width), .marker))
        }
        return Array(lines.prefix(height))
    }

    private func emptyView(width: Int, height: Int) -> [StyledLine] {
        var text = ["tutord has no courses.",
                    "",
                    searchPath.count == 1 ? "Course files (*.dialogue) go in this folder:"
                        : "Course files (*.dialogue) go in one of these folders; the first one wins for a course id:"]
        text += searchPath.map { "  " + $0 }
        text += ["", "Put a course there (`tutord check FILE` tells what is wrong with one), " + reload]
        if !daemonMessage.isEmpty {
            text += ["", "tutord said:"] + daemonMessage.map { "  " + $0 }
        }
        var lines: [StyledLine] = []
        for paragraph in text {
            let style: Style = paragraph == "tutord has no courses." ? .heading : .tutor
            let indent = paragraph.prefix { $0 == " " }
            for piece in TextWrapper.wrap(String(paragraph.dropFirst(indent.count)), width: max(1, width - indent.count)) {
                lines.append(StyledLine(String(indent) + piece, style))
            }
        }
        return Array(lines.prefix(height))
    }
}
