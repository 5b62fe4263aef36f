/// Reads back the protocol-buffer fields ``ProtobufWriter`` writes: one field at a time, unknown fields skipped by
/// their wire type, anything that runs past the end an error.
struct ProtobufReader {
    private let bytes: ArraySlice<UInt8>
    private var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    /// Why a message could not be read.
    struct Malformed: Error {
        var reason: String
    }

    /// A field's number and value, undecoded beyond its wire type.
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case lengthDelimited(ArraySlice<UInt8>)

        func int64() throws -> Int64 {
            guard case let .varint(value) = self else { throw Malformed(reason: "expected a varint") }
            return Int64(bitPattern: value)
        }

        func double() throws -> Double {
            guard case let .fixed64(value) = self else { throw Malformed(reason: "expected a 64-bit field") }
            return Double(bitPattern: value)
        }

        func float() throws -> Float {
            guard case let .fixed32(value) = self else { throw Malformed(reason: "expected a 32-bit field") }
            return Float(bitPattern: value)
        }

        func slice() throws -> ArraySlice<UInt8> {
            guard case let .lengthDelimited(value) = self else { throw Malformed(reason: "expected a length-delimited field") }
            return value
        }

        func string() throws -> String {
            guard let text = String(validating: try slice(), as: UTF8.self) else { throw Malformed(reason: "a string is not UTF-8") }
            return text
        }

        /// A repeated double, packed (as written) or one value per key (also valid protobuf).
        func doubles() throws -> [Double] {
            if case let .fixed64(value) = self { return [Double(bitPattern: value)] }
            let packed = try slice()
            guard packed.count % 8 == 0 else { throw Malformed(reason: "packed doubles of \(packed.count) bytes") }
            return stride(from: packed.startIndex, to: packed.endIndex, by: 8).map { start in
                Double(bitPattern: packed[start..<start + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) })
            }
        }
    }

    /// The next field, or nil at the end of the message.
    mutating func next() throws -> (field: Int, value: Value)? {
        guard position < bytes.endIndex else { return nil }
        let key = try varint()
        let field = Int(key >> 3)
        guard field > 0 else { throw Malformed(reason: "field number 0") }
        switch key & 7 {
        case 0: return (field, .varint(try varint()))
        case 1: return (field, .fixed64(try littleEndian(count: 8)))
        case 5: return (field, .fixed32(UInt32(try littleEndian(count: 4))))
        case 2:
            let length = try varint()
            guard length <= UInt64(bytes.endIndex - position) else { throw Malformed(reason: "a field runs past the end") }
            let start = position
            position += Int(length)
            return (field, .lengthDelimited(bytes[start..<position]))
        case let type: throw Malformed(reason: "unsupported wire type \(type)")
        }
    }

    private mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 70, by: 7) {
            guard position < bytes.endIndex else { throw Malformed(reason: "a varint runs past the end") }
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte < 0x80 { return value }
        }
        throw Malformed(reason: "a varint longer than ten bytes")
    }

    private mutating func littleEndian(count: Int) throws -> UInt64 {
        guard bytes.endIndex - position >= count else { throw Malformed(reason: "a fixed-width field runs past the end") }
        let value = bytes[position..<position + count].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        position += count
        return value
    }
}
