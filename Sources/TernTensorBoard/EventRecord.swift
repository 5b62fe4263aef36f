/// TFRecord framing, the container of an event file: each record is
/// `uint64 length | masked CRC-32C of the length's 8 bytes | data | masked CRC-32C of the data`, little-endian
/// (`tensorflow/core/lib/io/record_writer.cc`). The length's own CRC lets a reader tell a damaged length from a
/// damaged payload instead of reading a wild number of bytes.
enum EventRecord {
    /// Bytes a record adds around its data.
    static let overhead = 16

    /// The framed record of `data`.
    static func framed(_ data: [UInt8]) -> [UInt8] {
        let length = littleEndianBytes(UInt64(data.count))
        return length + littleEndianBytes(CRC32C.maskedChecksum(length)) + data + littleEndianBytes(CRC32C.maskedChecksum(data))
    }

    /// Splits a whole file into its records' data, checking both CRCs of each.
    /// - Throws: ``TensorBoardError/damagedRecord(path:record:damage:)`` naming the first bad record.
    static func split(_ bytes: [UInt8], path: String) throws -> [ArraySlice<UInt8>] {
        var records: [ArraySlice<UInt8>] = []
        var position = 0
        while position < bytes.count {
            func damaged(_ damage: TensorBoardError.RecordDamage) -> TensorBoardError {
                .damagedRecord(path: path, record: records.count, damage: damage)
            }
            guard bytes.count - position >= 12 else { throw damaged(.truncated) }
            let lengthBytes = bytes[position..<position + 8]
            guard CRC32C.maskedChecksum(lengthBytes) == UInt32(littleEndian(bytes[position + 8..<position + 12])) else {
                throw damaged(.lengthChecksum)
            }
            let length = littleEndian(lengthBytes)
            let dataStart = position + 12
            guard length <= UInt64(bytes.count - dataStart), bytes.count - dataStart - Int(length) >= 4 else {
                throw damaged(.truncated)
            }
            let dataEnd = dataStart + Int(length)
            let data = bytes[dataStart..<dataEnd]
            guard CRC32C.maskedChecksum(data) == UInt32(littleEndian(bytes[dataEnd..<dataEnd + 4])) else {
                throw damaged(.dataChecksum)
            }
            records.append(data)
            position = dataEnd + 4
        }
        return records
    }

    private static func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    private static func littleEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
}
