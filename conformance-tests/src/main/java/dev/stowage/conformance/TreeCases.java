package dev.stowage.conformance;

/** Listings larger than a backend's page, deep trees, and names that stress the walk order. */
abstract class TreeCases extends StreamCases {
}
