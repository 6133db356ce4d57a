import Glibc

/// Finding a byte string inside a larger one (glibc's `memmem` is not visible to Swift).
enum ByteSearch {
    /// The offset of the first `needle` in `haystack` at or after `offset`, or nil.
    ///
    /// Candidates are found with `memchr` on the needle's byte at `anchor`: pass the index of its rarest byte.
    static func firstOffset(
        of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, from offset: Int = 0, anchor: Int = 0
    ) -> Int? {
        guard let base = haystack.baseAddress, let needleBase = needle.baseAddress, !needle.isEmpty,
              anchor >= 0, anchor < needle.count, offset >= 0
        else { return needle.isEmpty ? offset : nil }
        let anchorByte = Int32(needle[anchor])
        var start = offset
        while haystack.count - start >= needle.count {
            let searchFrom = start + anchor
            let searchLength = haystack.count - needle.count - start + 1
            guard let found = memchr(base + searchFrom, anchorByte, searchLength) else { return nil }
            let candidate = base.distance(to: UnsafeRawPointer(found)) - anchor
            if memcmp(base + candidate, needleBase, needle.count) == 0 { return candidate }
            start = candidate + 1
        }
        return nil
    }
}
