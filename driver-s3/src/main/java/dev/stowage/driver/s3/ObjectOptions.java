package dev.stowage.driver.s3;

import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The options every new object gets (storage class, canned ACL, server-side encryption), applied
 * alike to each request that makes an object.
 */
record ObjectOptions(S3Settings settings) {

    static final String CONTENT_TYPE = "application/octet-stream";

    PutObjectRequest.Builder apply(PutObjectRequest.Builder b) {
        settings.storageClass().ifPresent(b::storageClass);
        settings.objectAcl().ifPresent(b::acl);
        if (settings.encrypt()) {
            b.serverSideEncryption(settings.keyId().isPresent() ? ServerSideEncryption.AWS_KMS : ServerSideEncryption.AES256);
            settings.keyId().ifPresent(b::ssekmsKeyId);
        }
        return b.contentType(CONTENT_TYPE);
    }

    CreateMultipartUploadRequest.Builder apply(CreateMultipartUploadRequest.Builder b) {
        settings.storageClass().ifPresent(b::storageClass);
        settings.objectAcl().ifPresent(b::acl);
        if (settings.encrypt()) {
            b.serverSideEncryption(settings.keyId().isPresent() ? ServerSideEncryption.AWS_KMS : ServerSideEncryption.AES256);
            settings.keyId().ifPresent(b::ssekmsKeyId);
        }
        return b.contentType(CONTENT_TYPE);
    }

    CopyObjectRequest.Builder apply(CopyObjectRequest.Builder b) {
        settings.storageClass().ifPresent(b::storageClass);
        settings.objectAcl().ifPresent(b::acl);
        if (settings.encrypt()) {
            b.serverSideEncryption(settings.keyId().isPresent() ? ServerSideEncryption.AWS_KMS : ServerSideEncryption.AES256);
            settings.keyId().ifPresent(b::ssekmsKeyId);
        }
        return b;
    }
}
