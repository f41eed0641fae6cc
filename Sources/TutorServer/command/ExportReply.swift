import LineProtocol
import NIOCore
import ProgressStore
import Synchronization

/// `export`'s reply in pages: the `export:` line (in JSON mode, the envelope with the
/// document as its string) written piece by piece as ``ExportStream`` reads the store, then
/// `OK`. The bytes are those of the reply encoded whole (``ReplyEncoder/streamedHead(key:)``).
/// A read that fails midway ends the line where it was cut, and the reply with
/// `ERR storage`.
final class ExportReply: ReplyPages {
    private let stream: ExportStream
    private let encoder: ReplyEncoder
    private let progress = Mutex(Progress.notStarted)

    private enum Progress {
        case notStarted, writing, ended
    }

    init(_ stream: ExportStream, format: ReplyFormat) {
        self.stream = stream
        encoder = ReplyEncoder(format: format)
    }

    func next(allocator: ByteBufferAllocator) -> ByteBuffer? {
        progress.withLock { progress -> ByteBuffer? in
            var text = ""
            switch progress {
            case .ended: return nil
            case .notStarted: text = encoder.streamedHead(key: PayloadKind.export.rawValue)
            case .writing: break
            }
            progress = .writing
            do {
                if let piece = try stream.next() {
                    text += encoder.streamedPiece(piece)
                } else {
                    text += encoder.streamedTail(.ok)
                    progress = .ended
                }
            } catch {
                text += encoder.streamedTail(.error(ProtocolError(.storage, "cannot read your progress: \(error)")))
                progress = .ended
            }
            return allocator.buffer(string: text)
        }
    }
}
