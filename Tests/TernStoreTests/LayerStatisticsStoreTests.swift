import CSQLite
import Foundation
import XCTest
@testable import TernStore

/// Per-layer statistics and histograms in the model file (format version 2): stored with a checkpoint in one
/// transaction, read back exactly (NaN too), checked by checksum; version-1 files open and are migrated by a writer.
final class LayerStatisticsStoreTests: XCTestCase {
    var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }

    func statistics(step: Int) -> [LayerStatistics] {
        [LayerStatistics(runID: "r", step: step, name: "encoder.layers.0.feed_forward.linear1.weight", kind: .weight,
                         count: 6, mean: 0.25, standardDeviation: 1.5, minimum: -2, maximum: 3, l2Norm: 4.5,
                         zeroFraction: 0, extra: ["update_ratio": 1e-3]),
         LayerStatistics(runID: "r", step: step, name: "encoder.layers.0.feed_forward:hidden", kind: .activation,
                         count: 40, mean: .nan, standardDeviation: .infinity, minimum: 0, maximum: 7,
                         zeroFraction: 0.5, extra: ["dead_units": 3, "units": 8, "dead_fraction": 0.375, "odd": .nan])]
    }

    func testRowsGoInWithTheCheckpointAndComeBackExactly() throws {
        let path = directory.file("stats.tern")
        let model = try ModelFile.create(at: path, configJSON: #"{"family":"test"}"#)
        let values: [Float] = [-1, 0.5, 0.5, 2]
        let histogram = StoredHistogram(runID: "r", step: 2, name: "w", kind: .gradient,
                                        histogram: Histogram(values: values + [.infinity], binCount: 3))
        try model.saveCheckpoint(CheckpointContents(step: 2, epoch: 1, parameters: []), statistics: statistics(step: 2),
                                 histograms: [histogram])
        model.close()
        let reader = try ModelFile(openingAt: path, access: .readOnly)
        defer { reader.close() }
        XCTAssertEqual(try reader.layerStatistics(), statistics(step: 2))
        XCTAssertEqual(try reader.layerStatistics(kind: .activation).map(\.name), ["encoder.layers.0.feed_forward:hidden"])
        XCTAssertEqual(try reader.histograms(), [histogram])
        XCTAssertEqual(try reader.histograms(name: "other"), [])
    }

    func testADamagedRowIsReported() throws {
        let path = directory.file("damaged.tern")
        let model = try ModelFile.create(at: path, configJSON: #"{"family":"test"}"#)
        try model.saveCheckpoint(CheckpointContents(step: 1, epoch: 1, parameters: []), statistics: statistics(step: 1))
        model.close()
        let database = try Database(path: path, access: .readWrite)
        try database.execute("UPDATE layer_statistics SET max = 4 WHERE kind = 'weight'")
        database.close()
        let reader = try ModelFile(openingAt: path, access: .readOnly)
        defer { reader.close() }
        XCTAssertThrowsError(try reader.layerStatistics()) { error in
            XCTAssertEqual(error as? StoreError, .corrupted(
                path: path, detail: "layer statistics row 'encoder.layers.0.feed_forward.linear1.weight' at step 1 fails its checksum"))
        }
    }

    /// A version-1 file (no statistics tables) opens for reading as it is, and a writer migrates it.
    func testAVersionOneFileOpensAndIsMigratedByAWriter() throws {
        let path = directory.file("v1.tern")
        let model = try ModelFile.create(at: path, configJSON: #"{"family":"test"}"#)
        try model.saveCheckpoint(CheckpointContents(step: 1, epoch: 1, parameters: []))
        model.close()
        let database = try Database(path: path, access: .readWrite)
        try database.execute("DROP TABLE layer_statistics; DROP TABLE histograms; PRAGMA user_version = 1")
        database.close()

        let reader = try ModelFile(openingAt: path, access: .readOnly)
        XCTAssertEqual(try reader.info().formatVersion, 1)
        XCTAssertEqual(try reader.layerStatistics(), [])
        XCTAssertEqual(try reader.histograms(), [])
        XCTAssertEqual(try reader.loadLatestCheckpoint().summary.step, 1)
        reader.close()

        let writer = try ModelFile(openingAt: path, access: .readWrite)
        XCTAssertEqual(try writer.info().formatVersion, 3)
        try writer.saveCheckpoint(CheckpointContents(step: 2, epoch: 1, parameters: []), statistics: statistics(step: 2))
        XCTAssertEqual(try writer.layerStatistics().count, 2)
        writer.close()
    }
}
