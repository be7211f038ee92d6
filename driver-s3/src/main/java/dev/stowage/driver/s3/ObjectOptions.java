package dev.stowage.driver.s3;

import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * The options every new object gets (storage class, canned ACL, server-side encryption), applied
 * alike to each request that makes an object.
 */
record ObjectOptions(S3Settings settings) {

    static final String CONTENT_TYPE = "application/octet-stream";

    PutObjectRequest.Builder apply(PutObjectRequest.Builder b) {
        set(b::storageClass, b::acl, b::serverSideEncryption, b::ssekmsKeyId);
        return b.contentType(CONTENT_TYPE);
    }

    CreateMultipartUploadRequest.Builder apply(CreateMultipartUploadRequest.Builder b) {
        set(b::storageClass, b::acl, b::serverSideEncryption, b::ssekmsKeyId);
        return b.contentType(CONTENT_TYPE);
    }

    CopyObjectRequest.Builder apply(CopyObjectRequest.Builder b) {
        set(b::storageClass, b::acl, b::serverSideEncryption, b::ssekmsKeyId);
        return b;
    }

    /** The SDK's request builders share these setters but no interface, so they come in as functions. */
    private void set(Consumer<StorageClass> storageClass, Consumer<ObjectCannedACL> acl,
            Consumer<ServerSideEncryption> encryption, Consumer<String> kmsKeyId) {
        settings.storageClass().ifPresent(storageClass);
        settings.objectAcl().ifPresent(acl);
        if (settings.encrypt()) {
            encryption.accept(settings.keyId().isPresent() ? ServerSideEncryption.AWS_KMS : ServerSideEncryption.AES256);
            settings.keyId().ifPresent(kmsKeyId);
        }
    }
}
