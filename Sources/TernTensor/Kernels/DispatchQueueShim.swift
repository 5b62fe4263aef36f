import Dispatch

enum DispatchQueueShim {
    static func concurrentPerform(iterations: Int, execute body: (Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
    }
}
