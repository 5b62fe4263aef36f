import XCTest
@testable import TernTensorBoard

/// CRC-32C and its mask against the published check values (the CRC catalogue's "check" for CRC-32/ISCSI, and the
/// masked value TensorFlow's `crc32c.Mask` gives for it).
final class CRC32CTests: XCTestCase {
    func testCheckValue() {
        XCTAssertEqual(CRC32C.checksum(Array("123456789".utf8)), 0xE306_9283)
        XCTAssertEqual(CRC32C.masked(0xE306_9283), 0xC78A_B0E5)
        XCTAssertEqual(CRC32C.maskedChecksum(Array("123456789".utf8)), 0xC78A_B0E5)
    }

    func testEmptyInputAndOneByte() {
        XCTAssertEqual(CRC32C.checksum([UInt8]()), 0)
        // RFC 3720 B.4: 32 bytes of zeros.
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0, count: 32)), 0x8A91_36AA)
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)), 0x62A8_AB43)
    }
}
