/// What can go wrong while writing or reading TensorBoard event files. Each case names the file; a damaged record
/// also names its index, so a reader of a long file knows where it broke.
public enum TensorBoardError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The directory or the event file could not be created.
    case cannotCreate(path: String, reason: String)
    /// Writing to an open event file failed (disk full, a closed file).
    case cannotWrite(path: String, reason: String)
    /// No event file at the path.
    case fileNotFound(path: String)
    /// Record `record` (counting from 0, the file-version record) is damaged.
    case damagedRecord(path: String, record: Int, damage: RecordDamage)

    /// How a record is damaged.
    public enum RecordDamage: Equatable, Sendable, CustomStringConvertible {
        /// The 8-byte length does not match its CRC.
        case lengthChecksum
        /// The data does not match its CRC.
        case dataChecksum
        /// The file ends inside the record.
        case truncated
        /// Both CRCs hold but the data is not an `Event` message.
        case malformedEvent(String)

        public var description: String {
            switch self {
            case .lengthChecksum: return "its length fails its CRC-32C"
            case .dataChecksum: return "its data fails its CRC-32C"
            case .truncated: return "the file ends inside it"
            case let .malformedEvent(reason): return "it is not an Event message (\(reason))"
            }
        }
    }

    public var description: String {
        switch self {
        case let .cannotCreate(path, reason): return "cannot create \(path): \(reason)"
        case let .cannotWrite(path, reason): return "cannot write \(path): \(reason)"
        case let .fileNotFound(path): return "no event file at \(path)"
        case let .damagedRecord(path, record, damage): return "\(path): record \(record) (counting from 0) is damaged: \(damage)"
        }
    }
}
