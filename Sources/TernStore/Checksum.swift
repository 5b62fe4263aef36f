/// XXH64, the 64-bit xxHash of Yann Collet, used as the per-row checksum of a model file.
///
/// Why XXH64 rather than CRC32: it runs at several GB/s in plain Swift (four independent 64-bit lanes), so verifying
/// every tensor on every load costs little next to reading it, while a table-driven CRC32 would halve load speed.
/// It is a published, stable algorithm with bindings everywhere (Python: `pip install xxhash`,
/// `xxhash.xxh64_intdigest(data, seed)`), so other readers can verify a file. It detects damage; it is not a
/// cryptographic signature.
enum Checksum {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    @inline(__always)
    private static func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }

    @inline(__always)
    private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        rotateLeft(accumulator &+ input &* prime2, 31) &* prime1
    }

    @inline(__always)
    private static func merge(_ accumulator: UInt64, _ lane: UInt64) -> UInt64 {
        (accumulator ^ round(0, lane)) &* prime1 &+ prime4
    }

    /// The XXH64 digest of `bytes` with `seed`.
    static func xxh64(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return finish(seed &+ prime5, base: nil, offset: 0, count: 0) }
        var offset = 0
        var hash: UInt64
        if count >= 32 {
            var lane1 = seed &+ prime1 &+ prime2
            var lane2 = seed &+ prime2
            var lane3 = seed
            var lane4 = seed &- prime1
            let stripeEnd = count - 32
            while offset <= stripeEnd {
                // Little-endian loads: the format is little-endian and so is every host Tern builds for.
                lane1 = round(lane1, base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                lane2 = round(lane2, base.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                lane3 = round(lane3, base.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
                lane4 = round(lane4, base.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
                offset += 32
            }
            hash = rotateLeft(lane1, 1) &+ rotateLeft(lane2, 7) &+ rotateLeft(lane3, 12) &+ rotateLeft(lane4, 18)
            hash = merge(hash, lane1)
            hash = merge(hash, lane2)
            hash = merge(hash, lane3)
            hash = merge(hash, lane4)
        } else {
            hash = seed &+ prime5
        }
        return finish(hash &+ UInt64(count), base: base, offset: offset, count: count)
    }

    /// The tail (fewer than 32 bytes) and the final avalanche.
    private static func finish(_ start: UInt64, base: UnsafeRawPointer?, offset start0: Int, count: Int) -> UInt64 {
        var hash = start
        var offset = start0
        if let base {
            while offset + 8 <= count {
                hash ^= round(0, base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                hash = rotateLeft(hash, 27) &* prime1 &+ prime4
                offset += 8
            }
            if offset + 4 <= count {
                hash ^= UInt64(base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) &* prime1
                hash = rotateLeft(hash, 23) &* prime2 &+ prime3
                offset += 4
            }
            while offset < count {
                hash ^= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) &* prime5
                hash = rotateLeft(hash, 11) &* prime1
                offset += 1
            }
        }
        hash ^= hash >> 33
        hash = hash &* prime2
        hash ^= hash >> 29
        hash = hash &* prime3
        hash ^= hash >> 32
        return hash
    }

    /// The XXH64 digest of a string's UTF-8 bytes.
    static func xxh64(_ text: String, seed: UInt64 = 0) -> UInt64 {
        var text = text
        return text.withUTF8 { xxh64(UnsafeRawBufferPointer($0), seed: seed) }
    }

    /// SQLite integers are signed; the checksum is stored as the same 64 bits read as `Int64`.
    static func stored(_ digest: UInt64) -> Int64 { Int64(bitPattern: digest) }
}
