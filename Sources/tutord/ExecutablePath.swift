import Foundation

/// The running executable's absolute path (from /proc/self/exe on Linux), so an installed
/// tutord finds PREFIX/share/tutord/dialogues even when started as plain `tutord` via PATH.
var executablePath: String {
    Bundle.main.executablePath ?? CommandLine.arguments[0]
}
