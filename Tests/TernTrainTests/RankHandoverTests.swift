import Foundation
import TernModels
import TernTensor
@testable import TernTrain
import TernTestSupport
import XCTest

/// What rank 0 hands the other ranks of a data-parallel run, without MPI: a loopback "group" carries the broadcast
/// from a run in this process to a follower built in this process. (The mpirun tests in TernMPITests train with it.)
final class RankHandoverTests: XCTestCase {
    /// Two ranks in one process: rank 0's broadcast is what rank 1's returns. A sum is not possible this way.
    final class Loopback: RankGroup {
        final class Mailbox { var bytes: [UInt8] = [] }
        let rank: Int
        let size = 2
        let mailbox: Mailbox

        init(rank: Int, mailbox: Mailbox) { (self.rank, self.mailbox) = (rank, mailbox) }

        func sum(gradientsOf parameters: [Parameter], totals: inout [Double]) throws {
            XCTFail("no sum over a loopback")
        }

        func broadcast(_ bytes: [UInt8]) throws -> [UInt8] {
            if rank == 0 { mailbox.bytes = bytes }
            return mailbox.bytes
        }
    }

    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-handover-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func excerpt(_ name: String, lines count: Int) throws -> String {
        try CorpusSlice.excerpt(name, lines: count, into: directory)
    }

    /// A new run of a tiny Transformer on 60 pairs of the slice (dev: 4), with `overrides` on top.
    func startTiny(_ overrides: [String], output: String) throws -> TrainingRun {
        let tiny = ["family=transformer", "d_model=16", "heads=2", "d_ff=32", "encoder_layers=1", "decoder_layers=1",
                    "tied_embeddings=all", "bpe_merges=80", "batch_tokens=160", "valid_every=1000", "log_every=1000",
                    "samples=0", "warmup=4", "threads=1", "max_length=40", "attention_plots=0"]
        let paths = TrainingPaths(trainSource: try excerpt("train.en", lines: 60), trainTarget: try excerpt("train.es", lines: 60),
                                  devSource: try excerpt("dev.en", lines: 4), devTarget: try excerpt("dev.es", lines: 4),
                                  output: directory.appendingPathComponent(output).path)
        return try TrainingRun.start(config: ConfigFile(path: nil, overrides: tiny + overrides), paths: paths)
    }

    /// After 3 steps with dropout (so Adam has moments and the resume state has moved), a follower built from the
    /// handover holds rank 0's weights, moments, position, settings and training pairs exactly, and no model file.
    func testAFollowerHoldsExactlyRankZerosRun() throws {
        let leader = try startTiny(["dropout=0.1", "max_steps=3"], output: "leader.tern")
        try leader.run()
        let mailbox = Loopback.Mailbox()
        try leader.lead(Loopback(rank: 0, mailbox: mailbox))
        XCTAssertGreaterThan(mailbox.bytes.count, 4 * leader.model.parameterCount * 3, "weights and two Adam moments")
        let follower = try TrainingRun.follow(Loopback(rank: 1, mailbox: mailbox))

        XCTAssertTrue(leader.isLeader)
        XCTAssertFalse(follower.isLeader)
        XCTAssertNil(follower.file)
        XCTAssertEqual(follower.state, leader.state)
        XCTAssertEqual(follower.state.step, 3)
        XCTAssertEqual(follower.settings, leader.settings)
        XCTAssertEqual(follower.modelConfig, leader.modelConfig)
        XCTAssertEqual(follower.paths, leader.paths)
        XCTAssertEqual(follower.data.trainPairs, leader.data.trainPairs)
        XCTAssertEqual(follower.data.subwords.source.vocabulary.count, leader.data.subwords.source.vocabulary.count)
        XCTAssertEqual(follower.data.subwords.source.model.merges.map { "\($0.left) \($0.right)" },
                       leader.data.subwords.source.model.merges.map { "\($0.left) \($0.right)" })
        XCTAssertEqual(follower.optimizer.step, 3)
        func values(_ tensors: [(name: String, tensor: Tensor)]) -> [String: [Float]] {
            Dictionary(uniqueKeysWithValues: tensors.map { ($0.name, $0.tensor.scalars) })
        }
        XCTAssertEqual(values(follower.parameters.map { ($0.name, $0.parameter.value) }),
                       values(leader.parameters.map { ($0.name, $0.parameter.value) }))
        let moments = values(leader.optimizer.stateTensors())
        XCTAssertEqual(moments.count, 2 * leader.parameters.count)
        XCTAssertEqual(values(follower.optimizer.stateTensors()), moments)
    }

    /// With `bpe_dropout` the follower gets the normalised training lines too, and segments each epoch exactly as
    /// rank 0 does: the same ids for epochs 1 and 2, which differ from each other and from the plain segmentation.
    func testWithBPEDropoutAFollowerSegmentsEachEpochAsRankZeroDoes() throws {
        let leader = try startTiny(["dropout=0", "max_steps=1", "bpe_dropout=0.1"], output: "dropout.tern")
        let mailbox = Loopback.Mailbox()
        try leader.lead(Loopback(rank: 0, mailbox: mailbox))
        let follower = try TrainingRun.follow(Loopback(rank: 1, mailbox: mailbox))

        XCTAssertEqual(leader.data.trainLines.source.count, 55, "the excerpt's 60 pairs less the 5 longer than 40 words")
        XCTAssertEqual(follower.data.trainLines.source, leader.data.trainLines.source)
        XCTAssertEqual(follower.data.trainLines.target, leader.data.trainLines.target)
        let first = leader.data.pairs(epoch: 1, settings: leader.settings)
        let second = leader.data.pairs(epoch: 2, settings: leader.settings)
        XCTAssertEqual(follower.data.pairs(epoch: 1, settings: follower.settings), first)
        XCTAssertEqual(follower.data.pairs(epoch: 2, settings: follower.settings), second)
        XCTAssertNotEqual(first, second)
        XCTAssertNotEqual(first, leader.data.trainPairs)
    }
}
