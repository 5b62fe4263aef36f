import CTernKernels

/// glibc's heap, beside the engine's own ``BufferPool``: small tensors, Swift arrays and oneDNN's GEMM workspaces
/// come from it, and the free chunks they leave stay in the process until ``trim()``.
public enum SystemHeap {
    /// Returns free heap pages to the kernel (`malloc_trim(0)`).
    public static func trim() { _ = tern_heap_trim() }
}
