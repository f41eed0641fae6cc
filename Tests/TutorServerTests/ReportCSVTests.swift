import Testing
@testable import TutorServer

/// `report csv` and `tutord report --csv`: RFC 4180 quoting, and a learner's name that a
/// spreadsheet would run as a formula shown as text instead (OWASP's CSV-injection advice).
@Suite struct ReportCSVTests {
    @Test(arguments: ["=HYPERLINK(\"http://evil.example\",\"x\")", "=tdcsv", "+1", "-2+3", "@SUM(A1:A9)", "\tcmd", "\rcmd"])
    func aFieldAFormulaCouldStartWithIsQuotedText(_ name: String) {
        #expect(ClassReport.csvField(name) == "\"'" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
    }

    @Test func otherFieldsAreQuotedOnlyWhenTheyMustBe() {
        #expect(ClassReport.csvField("alice") == "alice")
        #expect(ClassReport.csvField("alice/work-2") == "alice/work-2")
        #expect(ClassReport.csvField("a=b") == "a=b")
        #expect(ClassReport.csvField("a,b") == "\"a,b\"")
        #expect(ClassReport.csvField("a\"b") == "\"a\"\"b\"")
        #expect(ClassReport.csvField("a\nb") == "\"a\nb\"")
        #expect(ClassReport.csvField("") == "")
    }
}
