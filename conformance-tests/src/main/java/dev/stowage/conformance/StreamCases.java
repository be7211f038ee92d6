package dev.stowage.conformance;

/** The Java I/O contract: writers take any {@code ByteBuffer}, {@code reader} streams keep the {@code InputStream} contract across block boundaries, files past 4 GiB. */
abstract class StreamCases extends SemanticsCases {
}
