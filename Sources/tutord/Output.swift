import Foundation

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Writes text to standard output at once (no buffering, so prompts show before input).
func writeOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
