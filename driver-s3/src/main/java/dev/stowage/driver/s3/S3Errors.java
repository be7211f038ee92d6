package dev.stowage.driver.s3;

import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriverException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into the SPI's: a missing key or upload becomes {@link PathNotFoundException}. */
final class S3Errors {

    private S3Errors() {}

    /** Whether the service said the object (or upload) is not there; a missing bucket is not that. */
    static boolean isNotFound(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            if ("NoSuchBucket".equals(code)) {
                return false;
            }
            return service.statusCode() == 404 || "NoSuchKey".equals(code) || "NoSuchUpload".equals(code);
        }
        return false;
    }

    /** Whether the service refused a range (HTTP 416). */
    static boolean isInvalidRange(SdkException e) {
        return e instanceof AwsServiceException service
                && (service.statusCode() == 416
                        || (service.awsErrorDetails() != null && "InvalidRange".equals(service.awsErrorDetails().errorCode())));
    }

    /** The SPI exception for a failure of a call about {@code path}. */
    static StorageDriverException translate(SdkException e, String path) {
        if (isNotFound(e)) {
            return new PathNotFoundException(path, e);
        }
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String detail = "S3 " + service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + "): "
                    + service.awsErrorDetails().errorMessage();
            return new StorageDriverException(null, path, detail, e);
        }
        return new StorageDriverException(path, e);
    }
}
