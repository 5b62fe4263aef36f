/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of TensorFlow's record files, and the
/// "masked" form those files store.
///
/// Why the mask: a CRC of data that itself contains CRCs is weak, so TFRecord stores the CRC rotated right by 15 bits
/// plus a constant (`tensorflow/core/lib/hash/crc32c.h`, `Mask`). A table-driven byte loop is plenty here: event
/// files are a few kilobytes per validation.
public enum CRC32C {
    private static let table: [UInt32] = (0..<256).map { byte in
        var crc = UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        return crc
    }

    /// The CRC-32C of `bytes`.
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    /// TFRecord's masked form of a CRC: rotated right by 15 bits, plus 0xA282EAD8 (wrapping).
    public static func masked(_ crc: UInt32) -> UInt32 {
        ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }

    /// The masked CRC-32C of `bytes`, as a record stores it.
    public static func maskedChecksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        masked(checksum(bytes))
    }
}
