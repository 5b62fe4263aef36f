import Foundation

/// Reads an event file back, checking both CRCs of every record: how Tern's tests and tools check what a writer
/// wrote without TensorBoard.
public struct EventFileReader {
    public let path: String

    public init(path: String) { self.path = path }

    /// The data of each record, in order.
    /// - Throws: ``TensorBoardError/fileNotFound(path:)``, or ``TensorBoardError/damagedRecord(path:record:damage:)``
    ///   naming the first record whose length or data fails its CRC or that the file cuts short.
    public func records() throws -> [[UInt8]] {
        try EventRecord.split(try contents(), path: path).map(Array.init)
    }

    /// The events, in order; the first is the file-version event.
    /// - Throws: as ``records()``, and `damagedRecord(…, .malformedEvent)` for data that is not an `Event`.
    public func events() throws -> [Event] {
        try EventRecord.split(try contents(), path: path).enumerated().map { index, data in
            do {
                return try Event(decoding: data)
            } catch let error as ProtobufReader.Malformed {
                throw TensorBoardError.damagedRecord(path: path, record: index, damage: .malformedEvent(error.reason))
            }
        }
    }

    private func contents() throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw TensorBoardError.fileNotFound(path: path) }
        return [UInt8](data)
    }
}
