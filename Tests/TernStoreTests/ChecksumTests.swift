import XCTest
@testable import TernStore

/// XXH64 must match the reference implementation bit for bit, or other readers cannot verify a file.
/// Expected values come from Python's `xxhash` package (`xxhash.xxh64_intdigest(data, seed)`).
final class ChecksumTests: XCTestCase {
    private func digest(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { Checksum.xxh64($0, seed: seed) }
    }

    func testMatchesReferenceVectors() {
        let long = Array((0..<3).flatMap { _ in (0...255).map { UInt8($0) } }) + Array("xyz".utf8)
        let cases: [([UInt8], UInt64, UInt64)] = [
            ([], 0xEF46_DB37_51D8_E999, 0xA2F5_C44D_0F46_C872),
            (Array("a".utf8), 0xD24E_C4F1_A98C_6E5B, 0x24E1_3E82_FA51_9133),
            (Array("abc".utf8), 0x44BC_2CF5_AD77_0999, 0x7351_7490_7585_E19D),
            (Array("Tern model file".utf8), 0x35E5_CA01_60A2_0A76, 0x068D_9592_BCA2_F5B0),
            (long, 0xE921_A1B4_5BD7_79F8, 0x5E4E_9AF6_72DF_29C9),
        ]
        for (bytes, unseeded, seeded) in cases {
            XCTAssertEqual(digest(bytes), unseeded, "length \(bytes.count)")
            XCTAssertEqual(digest(bytes, seed: 0x1234_5678_90AB_CDEF), seeded, "length \(bytes.count), seeded")
        }
        XCTAssertEqual(Checksum.xxh64("abc"), 0x44BC_2CF5_AD77_0999)
    }

    func testEveryByteMatters() {
        var generator = SeededGenerator(seed: 7)
        let bytes = (0..<200).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let original = digest(bytes)
        for index in bytes.indices {
            var flipped = bytes
            flipped[index] ^= 0x10
            XCTAssertNotEqual(digest(flipped), original, "flip at \(index)")
        }
    }
}
