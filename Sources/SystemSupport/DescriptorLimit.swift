#if canImport(Glibc)
import Glibc
#endif

/// Thousands of connections need thousands of descriptors: lifts the soft RLIMIT_NOFILE to
/// the hard limit (used by the daemon and by the benchmark's client).
public func raiseDescriptorLimit() {
    var limit = rlimit()
    guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
    limit.rlim_cur = limit.rlim_max
    _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
}
