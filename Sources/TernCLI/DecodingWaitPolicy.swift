import Foundation

/// How OpenMP's idle threads wait while `tern` decodes. libgomp's default spins each idle thread for up to 300,000
/// iterations (about a millisecond) after every parallel region before it sleeps; decoding runs thousands of short
/// regions. On an idle machine that spinning is what makes decoding fast; where another process holds a core, the
/// spinning thread steals the time the working one needs. Measured with `tern bench translate --compare-ct2`,
/// 2 threads, AMD Zen 3, 2026-11-30: idle, greedy 188.7 sentences/s spinning (`OMP_WAIT_POLICY=active`) against
/// 105.6 passive; with one core held by a spinning process (`--busy`), 73.1 spinning against 98.6 passive.
/// So the policy is chosen when the command starts: passive when another task is runnable at that moment (in each
/// of three looks at `/proc/loadavg`, a few milliseconds apart), libgomp's default otherwise.
///
/// libgomp reads its environment once, when it is loaded — before `main` — so setting the variable in the process
/// is too late: ``apply(busy:)`` sets it and executes the same command again. A user's own `OMP_WAIT_POLICY` or
/// `GOMP_SPINCOUNT` is left alone (so either policy can be measured on purpose).
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

    /// Re-executes the command with OMP_WAIT_POLICY=passive when the machine is busy (`busy`, by default measured
    /// now), unless a wait policy is already set; returns only if it is, if the machine is idle, or if the executable
    /// cannot be run again (decoding then keeps libgomp's default).
    /// The run queue is looked at only when no policy is set yet, so the re-executed process (which has one) and a
    /// user's own setting cost no probe.
    static func apply(busy: @autoclosure () -> Bool = machineIsBusy()) {
        let environment = ProcessInfo.processInfo.environment
        guard environment["OMP_WAIT_POLICY"] == nil, environment["GOMP_SPINCOUNT"] == nil, busy() else { return }
        setenv("OMP_WAIT_POLICY", waitPolicy, 1)
        var arguments = CommandLine.arguments.map { strdup($0) }
        arguments.append(nil)
        execv("/proc/self/exe", &arguments)
        unsetenv("OMP_WAIT_POLICY")  // execv returned: it failed; carry on as we are
    }

    /// True when some task other than this one is runnable in each of three looks at the kernel's run queue
    /// (`/proc/loadavg`'s fourth field, "runnable/total", counts this process too). The one-minute load average
    /// would lag: a script translating file after file would see its own previous runs as load.
    static func machineIsBusy() -> Bool {
        for look in 0..<3 {
            if look > 0 { usleep(3_000) }
            guard let others = runnableOtherTasks(), others >= 1 else { return false }
        }
        return true
    }

    /// Runnable tasks of other processes, from `/proc/loadavg` ("0.52 0.58 0.59 2/105 12345": runnable/total tasks)
    /// less this process's own runnable threads (the runtime's threads count there too); nil where unreadable.
    static func runnableOtherTasks() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count >= 4, let runnable = fields[3].split(separator: "/").first.flatMap({ Int($0) }) else { return nil }
        return runnable - max(1, runnableOwnThreads())
    }

    /// This process's threads in state R (running or runnable), from `/proc/self/task/*/stat`.
    static func runnableOwnThreads() -> Int {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.filter { task in
            guard let stat = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8),
                  let end = stat.lastIndex(of: ")") else { return false }
            return stat[stat.index(after: end)...].dropFirst().first == "R"
        }.count
    }
}
