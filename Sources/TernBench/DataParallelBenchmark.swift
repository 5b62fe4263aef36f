import Foundation
import TernMPI

/// `tern bench train --ranks N`: the throughput of N ranks × 1 thread beside that of one process with all the
/// threads, at the same global batch (each rank takes `batch / N` sentences), and the share of a step the ranks
/// spend summing gradients. The ranks run as `mpirun -np N tern bench train … --threads 1` (which is also how to run
/// them by hand); rank 0 prints its figures as one JSON line after ``prefix``.
public enum DataParallelBenchmark {
    public static let prefix = "tern_bench_ranks "

    /// The figures of a data-parallel benchmark, as rank 0 measured them.
    public struct Figures: Codable {
        public var ranks: Int
        public var threadsPerRank: Int
        public var batchPerRank: Int
        /// Target tokens of all ranks per second of the median step.
        public var targetTokensPerSecond: Double
        public var medianStep: Double
        /// Of the timed steps' time, the part spent summing gradients (waiting for the slower rank included).
        public var communicationShare: Double
        public var allReduceBytes: Int
        public var allReduceCalls: Int
    }

    /// Under `mpirun`: this rank's part. Rank 0 returns the line to print (``prefix`` and JSON); the others nil.
    public static func runRank(_ benchmark: TrainBenchmark, log: (String) -> Void) throws -> String? {
        let world = try MPIWorld.initialize()
        defer { world.finalize() }
        let group = MPIRankGroup(world: world)
        var benchmark = benchmark
        benchmark.ranks = group
        let result = try benchmark.run(log: group.isLeader ? log : { _ in })
        guard group.isLeader else { return nil }
        let exchange = group.lastExchange
        let figures = Figures(ranks: group.size, threadsPerRank: benchmark.threads, batchPerRank: benchmark.batch,
                              targetTokensPerSecond: result.targetTokensPerSecond * Double(group.size), medianStep: result.medianStep,
                              communicationShare: result.communicationSeconds / max(result.timedSeconds, 1e-9),
                              allReduceBytes: exchange.bytes, allReduceCalls: exchange.calls)
        return prefix + String(decoding: try JSONEncoder().encode(figures), as: UTF8.self)
    }

    /// Runs `mpirun -np ranks` of this executable with `arguments` (a `bench train` command line for one rank) and
    /// returns rank 0's figures; stderr passes through.
    public static func spawn(ranks: Int, arguments: [String]) throws -> Figures {
        guard let mpirun = executableOnPath("mpirun") else {
            throw MPIError.call(function: "mpirun", reason: "not on the PATH (apt-get install openmpi-bin)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mpirun)
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        process.arguments = (geteuid() == 0 ? ["--allow-run-as-root"] : []) + ["--oversubscribe", "-np", "\(ranks)", executable]
            + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let line = output.split(separator: "\n").last(where: { $0.hasPrefix(prefix) }) else {
            throw MPIError.call(function: "mpirun", reason: "the \(ranks)-rank benchmark ended with status \(process.terminationStatus)")
        }
        return try JSONDecoder().decode(Figures.self, from: Data(line.dropFirst(prefix.count).utf8))
    }

    static func executableOnPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
