import Foundation
import XCTest

/// Decoding picks OpenMP's wait policy as it starts: passive when another task is runnable (a spinning process
/// here), and a user's own `OMP_WAIT_POLICY` always wins. (The idle case is not asserted: a CI machine need not be
/// idle.) `tern bench translate --skip-throughput --latency-sentences 0` prints the policy in effect and stops.
final class DecodingWaitPolicyTests: XCTestCase {
    let arguments = ["bench", "translate", "--skip-throughput", "--latency-sentences", "0"]

    func testABusyMachineGetsThePassivePolicy() throws {
        let result = try whileACoreSpins { try TernProcess.run(arguments) }
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardOutput.split(separator: "\n").first, "OpenMP wait policy: OMP_WAIT_POLICY=passive")
    }

    func testAUsersOwnPolicyIsKept() throws {
        setenv("OMP_WAIT_POLICY", "active", 1)
        defer { unsetenv("OMP_WAIT_POLICY") }
        let result = try whileACoreSpins { try TernProcess.run(arguments) }
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardOutput.split(separator: "\n").first, "OpenMP wait policy: OMP_WAIT_POLICY=active")
    }

    /// Runs `body` while a shell loop keeps one core busy (and the kernel's run queue non-empty).
    func whileACoreSpins<T>(_ body: () throws -> T) throws -> T {
        let spinner = Process()
        spinner.executableURL = URL(fileURLWithPath: "/bin/sh")
        spinner.arguments = ["-c", "while :; do :; done"]
        try spinner.run()
        defer { spinner.terminate(); spinner.waitUntilExit() }
        usleep(200_000)
        return try body()
    }
}
