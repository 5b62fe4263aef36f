/// Strict UTF-8 validation (Unicode Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
///
/// `String(validating:as:)` takes a generic transcoding path that dominated corpus reading; this loop skips ASCII
/// eight bytes at a time and checks multi-byte sequences by hand.
public enum UTF8Validation {
    public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { firstInvalidOffset(bytes) == nil }

    /// The 0-based offset of the first byte that does not start a valid sequence, or nil when all of `bytes` is valid.
    public static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var index = 0
        while index < count {
            if index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            @inline(__always) func continuation(_ offset: Int) -> UInt8? {
                index + offset < count ? base[index + offset] : nil
            }
            @inline(__always) func isContinuation(_ byte: UInt8?) -> Bool {
                guard let byte else { return false }
                return byte & 0xC0 == 0x80
            }
            switch lead {
            case 0xC2...0xDF:
                guard isContinuation(continuation(1)) else { return index }
                index += 2
            case 0xE0...0xEF:
                guard let second = continuation(1) else { return index }
                let secondRange: ClosedRange<UInt8> = lead == 0xE0 ? 0xA0...0xBF : (lead == 0xED ? 0x80...0x9F : 0x80...0xBF)
                guard secondRange.contains(second), isContinuation(continuation(2)) else { return index }
                index += 3
            case 0xF0...0xF4:
                guard let second = continuation(1) else { return index }
                let secondRange: ClosedRange<UInt8> = lead == 0xF0 ? 0x90...0xBF : (lead == 0xF4 ? 0x80...0x8F : 0x80...0xBF)
                guard secondRange.contains(second), isContinuation(continuation(2)), isContinuation(continuation(3)) else { return index }
                index += 4
            default:
                return index
            }
        }
        return nil
    }
}
