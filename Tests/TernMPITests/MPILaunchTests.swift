import TernMPI
import XCTest

/// Which launcher started the process is read from the environment alone, so a process without mpirun never loads MPI.
final class MPILaunchTests: XCTestCase {
    func testOpenMPIsVariablesGiveRankSizeAndLocalSize() throws {
        let launch = try MPILaunch.detect(environment: ["OMPI_COMM_WORLD_SIZE": "4", "OMPI_COMM_WORLD_RANK": "3",
                                                        "OMPI_COMM_WORLD_LOCAL_SIZE": "2", "PMIX_RANK": "3"])
        XCTAssertEqual(launch, MPILaunch(rank: 3, size: 4, localSize: 2))
    }

    func testWithoutALauncherThereIsNoLaunch() throws {
        XCTAssertNil(try MPILaunch.detect(environment: ["PATH": "/usr/bin", "OMPI_MCA_btl": "self"]))
    }

    func testAPMIxLauncherLeavesTheSizeToMPI() throws {
        XCTAssertEqual(try MPILaunch.detect(environment: ["PMIX_RANK": "1"]), MPILaunch(rank: 1, size: nil, localSize: 1))
    }

    func testMPICHsLauncherIsRefusedWithWhatToInstall() {
        XCTAssertThrowsError(try MPILaunch.detect(environment: ["PMI_RANK": "0", "PMI_SIZE": "2"])) { error in
            XCTAssertEqual(error as? MPIError, .unsupportedLauncher("PMI_RANK"))
            XCTAssertEqual("\(error)", "started by a launcher that sets PMI_RANK but not OMPI_COMM_WORLD_SIZE: Tern speaks Open MPI only; "
                           + "start it with Open MPI's mpirun (`apt-get install openmpi-bin`)")
        }
    }
}
