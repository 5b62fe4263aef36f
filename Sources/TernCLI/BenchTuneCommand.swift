import ArgumentParser
import Foundation
import TernBench

/// `tern bench tune`: see ``TuneBenchmark``; the reference optimisers run in the same process tree, after Tern's.
struct BenchTuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Median regret of the tuner's GP-EI and random search on Branin and Hartmann-6, beside scikit-optimize (and Optuna) in the same run.")

    @Option(help: "Seeds per optimiser.")
    var seeds = 10
    @Option(help: "Evaluations per seed.")
    var evaluations = 100
    @Option(help: "Random evaluations before the GP takes over.")
    var initial = 10
    @Option(help: "Functions: branin, hartmann6 (comma-separated).")
    var functions = "branin,hartmann6"
    @Option(help: "The reference script, relative to the working directory (the repository).")
    var reference = "../shared/reference/hpo_reference.py"
    @Option(help: "Reference methods passed to the script (skopt, optuna-gp, optuna-tpe, random); empty to skip it.")
    var referenceMethods = "skopt"

    func validate() throws {
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1, got \(seeds)") }
        guard evaluations > initial, initial >= 2 else {
            throw ValidationError("--initial must be at least 2 and below --evaluations (\(initial), \(evaluations))")
        }
        for name in functions.split(separator: ",") where !["branin", "hartmann6"].contains(name) {
            throw ValidationError("--functions: '\(name)' is not branin or hartmann6")
        }
    }

    func run() throws {
        let started = Date()
        printLoad("before")
        var benchmark = TuneBenchmark()
        benchmark.seeds = seeds
        benchmark.evaluations = evaluations
        benchmark.initialRandom = initial
        benchmark.functions = [TestFunction.branin, .hartmann6].filter { functions.split(separator: ",").contains(Substring($0.name)) }
        var rows = benchmark.run { StandardError.line($0) }
        let ternSeconds = Date().timeIntervalSince(started)
        printLoad("after Tern")
        if !referenceMethods.isEmpty { rows += referenceRows() }
        for line in TuneBenchmark.table(rows) { print(line) }
        printLoad("after all")
        print(String(format: "bench tune: %.0f s in all, %.0f s of them Tern's", Date().timeIntervalSince(started), ternSeconds))
    }

    func referenceRows() -> [TuneBenchmark.Row] {
        let path = URL(fileURLWithPath: reference, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).path
        guard FileManager.default.fileExists(atPath: path) else {
            print("reference skipped: \(path) not found (run from the repository, or pass --reference)")
            return []
        }
        let modules = referenceMethods.split(separator: ",").compactMap { ["skopt": "skopt", "optuna-gp": "optuna", "optuna-tpe": "optuna"][String($0)] }
        for module in Set(modules) where ChildProcess.output(["python3", "-c", "import \(module)"]) == nil {
            print("reference skipped: python3 or its module '\(module)' is missing (pip install \(module == "skopt" ? "scikit-optimize" : "optuna torch scipy"))")
            return []
        }
        StandardError.line("running \(path) --methods \(referenceMethods) (scikit-optimize takes a few minutes)…")
        let objects = ReferenceScript.runAll(path: path, arguments: [
            "--methods", referenceMethods, "--seeds", String(seeds), "--evals", String(evaluations), "--initial", String(initial),
            "--functions", functions,
        ], prefix: "hpo_reference ")
        if objects.isEmpty { print("reference skipped: \(path) printed no results") }
        return TuneBenchmark.rows(fromReference: objects)
    }

    func printLoad(_ moment: String) {
        var load = [Double](repeating: 0, count: 3)
        _ = getloadavg(&load, 3)
        print(String(format: "load average %@: %.2f %.2f %.2f (%d cores)", moment, load[0], load[1], load[2],
                     ProcessInfo.processInfo.activeProcessorCount))
    }
}
