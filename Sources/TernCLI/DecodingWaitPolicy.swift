import Foundation

/// How OpenMP's idle threads wait while `tern` decodes. libgomp's default spins each idle thread for up to 300,000
/// iterations (about a millisecond) after every parallel region before it sleeps; decoding runs thousands of short
/// regions, so on a machine where another process holds a core the spinning thread steals the time the working
/// one needs (measured: 2-thread greedy decoding at 0.45× CTranslate2 with the default, 0.99× with
/// `OMP_WAIT_POLICY=passive`). Decoding therefore runs with the passive policy: idle threads sleep at once.
/// (`tern bench translate --busy`, 2 threads, one core spinning, load average 14–16 from other work: passive 8.9
/// sentences/s, `GOMP_SPINCOUNT=10000` 3.9, one thread 5.0.)
///
/// libgomp reads its environment once, when it is loaded — before `main` — so setting the variable in the process
/// is too late: ``apply()`` sets it and executes the same command again. A user's own `OMP_WAIT_POLICY` or
/// `GOMP_SPINCOUNT` is left alone (so the default can still be measured: `OMP_WAIT_POLICY=active`).
enum DecodingWaitPolicy {
    /// OMP_WAIT_POLICY for decoding (see `tern bench translate --busy` and the README for the measurements).
    static let waitPolicy = "passive"

    /// The policy in effect in this process, for benchmark output.
    static var description: String {
        let environment = ProcessInfo.processInfo.environment
        if let policy = environment["OMP_WAIT_POLICY"] { return "OMP_WAIT_POLICY=\(policy)" }
        if let count = environment["GOMP_SPINCOUNT"] { return "GOMP_SPINCOUNT=\(count)" }
        return "libgomp's default"
    }

    /// Re-executes the command with OMP_WAIT_POLICY set, unless a wait policy is already set; returns only if it is
    /// (or if the executable cannot be run again, in which case decoding keeps libgomp's default).
    static func apply() {
        let environment = ProcessInfo.processInfo.environment
        guard environment["OMP_WAIT_POLICY"] == nil, environment["GOMP_SPINCOUNT"] == nil else { return }
        setenv("OMP_WAIT_POLICY", waitPolicy, 1)
        var arguments = CommandLine.arguments.map { strdup($0) }
        arguments.append(nil)
        execv("/proc/self/exe", &arguments)
        unsetenv("OMP_WAIT_POLICY")  // execv returned: it failed; carry on as we are
    }
}
