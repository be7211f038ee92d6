package dev.stowage.conformance;

/** Writers, moves, times and endings: what the contract decides where callers need an answer. */
abstract class LifecycleCases extends TreeCases {
}
