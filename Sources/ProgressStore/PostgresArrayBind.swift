import Foundation
import NIOCore
import PostgresNIO

/// One column of a batch's rows bound as one PostgreSQL array (``BatchSQL``), nulls included:
/// PostgresNIO's own arrays have no null elements. PostgreSQL's binary array format: the
/// dimensions (one), whether any element is null, the element type, the length and lower
/// bound, then each element as its length (-1 for null) and its bytes in the element type's
/// binary format, which PostgresNIO's encoders write.
struct PostgresArrayBind: PostgresDynamicTypeEncodable {
    let column: BatchColumn
    let values: [StoreValue]

    var psqlType: PostgresDataType {
        switch column {
        case .integer: .int8Array
        case .text: .textArray
        case .bool: .boolArray
        case .time: .timestamptzArray
        }
    }

    var psqlFormat: PostgresFormat { .binary }

    private var elementType: PostgresDataType {
        switch column {
        case .integer: .int8
        case .text: .text
        case .bool: .bool
        case .time: .timestamptz
        }
    }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(values.isEmpty ? 0 : 1, as: Int32.self)
        buffer.writeInteger(values.contains(.null) ? 1 : 0, as: Int32.self)
        buffer.writeInteger(elementType.rawValue)
        guard !values.isEmpty else { return }
        buffer.writeInteger(Int32(values.count))
        buffer.writeInteger(1, as: Int32.self)
        for value in values {
            if value == .null {
                buffer.writeInteger(-1, as: Int32.self)
                continue
            }
            let length = buffer.writerIndex
            buffer.writeInteger(0, as: Int32.self)
            let start = buffer.writerIndex
            switch value {
            case .integer(let integer): integer.encode(into: &buffer, context: context)
            case .text(let text): text.encode(into: &buffer, context: context)
            case .bool(let bool): bool.encode(into: &buffer, context: context)
            case .date(let date): date.encode(into: &buffer, context: context)
            // The store binds no other value to a batch's column (a time is a date here).
            case .double, .null: preconditionFailure("\(value) in a \(column) column")
            }
            buffer.setInteger(Int32(buffer.writerIndex - start), at: length)
        }
    }
}
