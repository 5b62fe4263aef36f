import Foundation
import TernStore

/// `tern bench store`: how fast a checkpoint of realistic tensors saves to and loads from a model file.
///
/// The tensors mimic a small transformer (three 8000×256 embedding/output matrices, then layers of 256×1024 and
/// 1024×256 feed-forward weights, 256×256 attention projections and small biases) up to the requested size.
/// The file is written to a temporary directory and read back while still in the OS page cache, so the numbers are
/// the store's own cost (checksums, SQLite paging, copies), not the disk's.
public struct StoreBenchmark {
    public var megabytes: Double
    public var runs: Int
    /// Where the temporary model file goes (default: the system temporary directory).
    public var directory: String?

    public init(megabytes: Double, runs: Int, directory: String?) {
        self.megabytes = megabytes
        self.runs = runs
        self.directory = directory
    }

    public func run(print: (String) -> Void) throws {
        let tensors = Self.makeTensors(bytes: Int(megabytes * 1_000_000))
        let bytes = tensors.reduce(0) { $0 + $1.values.count * 4 }
        let megabytesStored = Double(bytes) / 1_000_000
        FileHandle.standardError.write(Data(
            "store bench: \(tensors.count) tensors, \(String(format: "%.1f", megabytesStored)) MB, \(runs) runs\n".utf8))
        let folder = directory ?? FileManager.default.temporaryDirectory.path
        var saveSeconds: [Double] = [], flushSeconds: [Double] = [], openSeconds: [Double] = []
        var loadSeconds: [Double] = []
        for run in 0..<runs {
            let path = "\(folder)/tern-bench-\(UUID().uuidString).tern"
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            do {
                let model = try ModelFile.create(at: path, configJSON: #"{"family":"bench"}"#)
                let contents = CheckpointContents(step: run + 1, epoch: 1, parameters: tensors)
                saveSeconds.append(try Self.time { try model.saveCheckpoint(contents) })
                // Closing folds the WAL into the main file; a trainer pays this once per ~64 MB written.
                flushSeconds.append(Self.time { model.close() })
            }
            var opened: ModelFile?
            openSeconds.append(try Self.time { opened = try ModelFile(openingAt: path, access: .readOnly) })
            var loaded: Checkpoint?
            loadSeconds.append(try Self.time { loaded = try opened!.loadLatestCheckpoint() })
            opened?.close()
            if run == 0, loaded?.parameters != tensors {
                throw StoreError.corrupted(path: path, detail: "the loaded checkpoint differs from the saved one")
            }
        }
        // What a trainer sees: saves into one live model with pruning, where SQLite folds the WAL into the main file
        // (with fsyncs) after every ~64 MB committed, inside whichever save crosses that mark. Reported as the mean.
        let steadyPath = "\(folder)/tern-bench-\(UUID().uuidString).tern"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: steadyPath + suffix) } }
        let steadyModel = try ModelFile.create(at: steadyPath, configJSON: #"{"family":"bench"}"#)
        let steadySaves = max(runs, 4)
        let steadyTotal = try Self.time {
            for step in 1...steadySaves {
                try steadyModel.saveCheckpoint(CheckpointContents(step: step, epoch: 1, parameters: tensors),
                                               retention: RetentionPolicy(keepLast: 2))
            }
        }
        steadyModel.close()

        func report(_ label: String, _ seconds: [Double], mean: Bool = false) {
            let typical = mean ? seconds.reduce(0, +) / Double(seconds.count) : seconds.sorted()[seconds.count / 2]
            let rate = megabytesStored / typical
            print("\(label.padding(toLength: 42, withPad: " ", startingAt: 0)) "
                + "\(String(format: "%8.1f", typical * 1000)) ms  \(String(format: "%8.0f", rate)) MB/s")
        }
        report("save (one transaction, to WAL)", saveSeconds)
        report("close (WAL checkpoint)", flushSeconds)
        report("save + close", zip(saveSeconds, flushSeconds).map(+))
        report("open read-only (quick_check)", openSeconds)
        report("load latest checkpoint", loadSeconds)
        report("open + load", zip(openSeconds, loadSeconds).map(+))
        report("repeated saves, keep last 2 (mean)", [Double](repeating: steadyTotal / Double(steadySaves),
                                                             count: 1), mean: true)
    }

    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// A transformer-like mix of tensors adding up to about `bytes`.
    static func makeTensors(bytes: Int) -> [StoredTensor] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var tensors: [StoredTensor] = []
        var total = 0
        func add(_ name: String, _ shape: [Int]) {
            let count = shape.reduce(1, *)
            // SplitMix64: the system generator is a syscall per call, which would dominate the set-up time.
            let values = (0..<count).map { _ -> Float in
                state &+= 0x9E37_79B9_7F4A_7C15
                var mixed = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
                mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
                return Float(bitPattern: UInt32(truncatingIfNeeded: mixed ^ (mixed >> 31)) & 0x3FFF_FFFF)
            }
            tensors.append(StoredTensor(name: name, shape: shape, values: values))
            total += count * 4
        }
        for name in ["encoder.embedding.weight", "decoder.embedding.weight", "decoder.output.weight"]
        where total + 8000 * 256 * 4 <= bytes {
            add(name, [8000, 256])
        }
        var layer = 0
        while total < bytes {
            let prefix = "encoder.layers.\(layer)"
            for projection in ["q_proj", "k_proj", "v_proj", "out_proj"] {
                add("\(prefix).self_attn.\(projection).weight", [256, 256])
                add("\(prefix).self_attn.\(projection).bias", [256])
            }
            add("\(prefix).feed_forward.linear1.weight", [1024, 256])
            add("\(prefix).feed_forward.linear1.bias", [1024])
            add("\(prefix).feed_forward.linear2.weight", [256, 1024])
            add("\(prefix).feed_forward.linear2.bias", [256])
            add("\(prefix).norm.weight", [256])
            add("\(prefix).norm.bias", [256])
            layer += 1
        }
        return tensors
    }
}
