// swift-tools-version: 6.1
// Tern: sequence-to-sequence translation in one native binary.
// Dependencies point one way: engine → layers → models → decoding → inference → training → CLI.
// Text, store, metrics and plots do not depend on the engine (Tests/TernCLITests/DependencyTests checks the imports).
import PackageDescription

/// Release builds of the engine skip Swift's overflow and bounds traps inside hot loops; shapes are checked once at
/// each op's API boundary with `precondition`, which `-Ounchecked` keeps only in debug.
let fastSwift: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))]

let package = Package(
    name: "Tern",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tern", targets: ["TernCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // System libraries from Debian (see README: apt-get install …).
        .systemLibrary(name: "CDNNL"),
        .systemLibrary(name: "COpenBLAS"),
        .systemLibrary(name: "CSQLite"),
        .systemLibrary(name: "CCairo"),
        // Small C kernels where a compiler's auto-vectorisation of plain loops beats what Swift emits today.
        .target(
            name: "CTernKernels",
            cSettings: [.unsafeFlags(["-O3", "-mavx2", "-mfma", "-mf16c", "-fno-math-errno"])],
            linkerSettings: [.linkedLibrary("pthread"), .linkedLibrary("m"), .linkedLibrary("gomp"), .linkedLibrary("dnnl")]
        ),

        // The engine.
        .target(name: "TernTensor", dependencies: ["CDNNL", "COpenBLAS", "CTernKernels"], swiftSettings: fastSwift),
        // Independent of the engine.
        .target(name: "TernText", swiftSettings: fastSwift),
        .target(name: "TernEval", swiftSettings: fastSwift),
        // Defect checks on a parallel corpus (`tern check-data`, and the warnings of `tern train`), streamed.
        .target(name: "TernData", dependencies: ["TernText"], swiftSettings: fastSwift),
        // The shallow baseline: IBM Model 1 word-for-word translation, and how it and copying score on dev.
        .target(name: "TernBaseline", dependencies: ["TernText", "TernEval"], swiftSettings: fastSwift),
        .target(name: "TernViz", dependencies: ["CCairo"]),
        // Hyperparameter search: search spaces, Gaussian processes, expected improvement, median pruning, the study
        // file. Sees an objective only through the values it is given; the CLI wires it to training.
        .target(name: "TernTune", dependencies: ["TernStore", .product(name: "Yams", package: "Yams")], swiftSettings: fastSwift),
        // Layers on the engine, and the two model families on the layers.
        .target(name: "TernNN", dependencies: ["TernTensor"], swiftSettings: fastSwift),
        .target(name: "TernModels", dependencies: ["TernNN", "TernTensor", "TernText"], swiftSettings: fastSwift),
        // The model file.
        .target(name: "TernStore", dependencies: ["CSQLite"], exclude: ["ModelFormat.md"], swiftSettings: fastSwift),
        // TensorBoard event files, written by hand (no protobuf library); beside the engine, on the store's Histogram.
        .target(name: "TernTensorBoard", dependencies: ["TernStore"]),
        // Charts of a training run from its model file alone: curves and per-layer panels.
        .target(name: "TernPlots", dependencies: ["TernStore", "TernViz"]),
        // The fit diagnosis of a run from its model file: verdict, figures, remedies, baselines.
        .target(name: "TernDiagnose", dependencies: ["TernStore", "TernEval", "TernText", "TernBaseline"]),

        // Search over any model that can take one decoder step.
        .target(name: "TernDecode", dependencies: ["TernModels", "TernTensor"], swiftSettings: fastSwift),
        // Inference: a model file loaded (config, vocabulary, merges, one checkpoint), sources encoded, batched
        // translation, attention export. Translate, attention and evaluate need nothing above it.
        .target(name: "TernInference", dependencies: [
            "TernTensor", "TernNN", "TernModels", "TernDecode", "TernText", "TernStore", "TernEval", "TernViz",
        ], swiftSettings: fastSwift),
        // Training: a run with observers, optimizers, schedules, batching, validation, config files.
        .target(name: "TernTrain", dependencies: [
            "TernInference", "TernTensor", "TernNN", "TernModels", "TernDecode", "TernText", "TernData", "TernStore", "TernEval", "TernViz",
            "TernTensorBoard", "TernPlots", .product(name: "Yams", package: "Yams"),
        ], swiftSettings: fastSwift),

        // Data parallelism over MPI: Open MPI loaded with dlopen under mpirun only, so building needs no MPI.
        .target(name: "TernMPI", dependencies: ["TernTrain", "TernTensor"], swiftSettings: fastSwift),

        // Benchmarks printed by `tern bench …`: figures as ratios and fractions of the peak measured in the same run.
        // ct2_latency.py is run by `tern bench translate --latency --compare-ct2` (found beside this target's sources).
        .target(name: "TernBench", dependencies: [
            "TernTrain", "TernMPI", "TernInference", "TernDecode", "TernModels", "TernNN", "TernTensor", "TernText", "TernStore", "TernEval",
            "TernTune", "CTernKernels",
        ], exclude: ["ct2_latency.py"], swiftSettings: fastSwift),

        .executableTarget(
            name: "TernCLI",
            dependencies: [
                "TernBench", "TernTrain", "TernMPI", "TernInference", "TernPlots", "TernDiagnose", "TernDecode", "TernModels", "TernTensor",
                "TernText", "TernData", "TernStore", "TernEval", "TernViz", "TernTensorBoard", "TernBaseline", "TernTune",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: fastSwift
        ),

        .target(name: "TernTestSupport", dependencies: ["TernTensor", "TernNN"], path: "Tests/TernTestSupport"),
        .testTarget(name: "TernTensorTests", dependencies: ["TernTensor", "TernTestSupport"]),
        .testTarget(name: "TernDecodeTests", dependencies: ["TernDecode", "TernModels", "TernTensor"]),
        .testTarget(name: "TernInferenceTests", dependencies: ["TernInference", "TernDecode", "TernModels", "TernText", "TernTensor", "TernTestSupport", "TernViz", "TernStore", "TernEval"]),
        .testTarget(name: "TernTrainTests", dependencies: ["TernTrain", "TernInference", "TernModels", "TernTensor", "TernTestSupport", "TernStore", "TernEval", "TernText", "TernTensorBoard"]),
        .testTarget(name: "TernCLITests", dependencies: ["TernCLI", "TernTune"]),
        // Runs `mpirun … tern train` (the executable beside the test bundle) when Open MPI is installed.
        .testTarget(name: "TernMPITests", dependencies: ["TernMPI", "TernTrain", "TernModels", "TernStore", "TernCLI", "TernTestSupport"]),
        .testTarget(name: "TernTextTests", dependencies: ["TernText"]),
        .testTarget(name: "TernDataTests", dependencies: ["TernData", "TernText", "TernTestSupport"]),
        .testTarget(name: "TernNNTests", dependencies: ["TernNN", "TernTestSupport"]),
        .testTarget(name: "TernModelsTests", dependencies: ["TernModels", "TernNN", "TernTestSupport"]),
        .testTarget(name: "TernStoreTests", dependencies: ["TernStore", "TernTensor", "TernText"]),
        .testTarget(name: "TernBaselineTests", dependencies: ["TernBaseline", "TernText", "TernEval"]),
        .testTarget(name: "TernEvalTests", dependencies: ["TernEval"], exclude: ["Fixtures"]),
        .testTarget(name: "TernTensorBoardTests", dependencies: ["TernTensorBoard", "TernStore"], exclude: ["Fixtures"]),
        .testTarget(name: "TernDiagnoseTests", dependencies: ["TernDiagnose", "TernStore", "TernTrain", "TernTestSupport"]),
        .testTarget(name: "TernPlotsTests", dependencies: ["TernPlots", "TernStore", "TernViz"]),
        .testTarget(name: "TernTuneTests", dependencies: ["TernTune"]),
        .testTarget(name: "TernVizTests", dependencies: ["TernViz", "TernTestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
