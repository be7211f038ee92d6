package dev.stowage.registry;

/**
 * The error codes of the OCI distribution specification that the registry's storage side can
 * raise. Every {@link RegistryException} carries exactly one; the HTTP layer maps each code to its
 * status in one place.
 */
public enum ErrorCode {
    /** A blob is not known to the repository or the registry. */
    BLOB_UNKNOWN,
    /** An upload is in a state that does not allow the request, or its data is unusable. */
    BLOB_UPLOAD_INVALID,
    /** No upload with the given id exists in the repository. */
    BLOB_UPLOAD_UNKNOWN,
    /** A digest is malformed, of an unsupported algorithm, or does not match the content. */
    DIGEST_INVALID,
    /** A manifest references blobs that are not in the repository. */
    MANIFEST_BLOB_UNKNOWN,
    /** A manifest is malformed or does not match its media type. */
    MANIFEST_INVALID,
    /** No manifest with the given tag or digest exists in the repository. */
    MANIFEST_UNKNOWN,
    /** A repository name does not follow the name grammar. */
    NAME_INVALID,
    /** The repository is not known to the registry. */
    NAME_UNKNOWN,
    /** Content does not have the size that was stated, or is too large. */
    SIZE_INVALID,
    /** The operation is switched off or not supported here. */
    UNSUPPORTED
}
