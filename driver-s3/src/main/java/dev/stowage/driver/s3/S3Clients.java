package dev.stowage.driver.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Builds the SDK clients of a driver from its settings: the synchronous {@link S3Client} on the
 * Apache HTTP client (which streams request and response bodies) and the {@link S3Presigner}.
 */
final class S3Clients {

    private S3Clients() {}

    static S3Client client(S3Settings s) {
        ApacheHttpClient.Builder http = ApacheHttpClient.builder()
                .maxConnections(Math.max(50, s.copyMaxConcurrency() + 16))
                // Not on every request body: then each small write (a link, a start time, a hash
                // state) waits a round trip for the server's 100 before sending. The SDK still asks
                // for it itself on PutObject and UploadPart bodies above 1 MiB.
                .expectContinueEnabled(false)
                .connectionTimeout(s.connectTimeout())
                .socketTimeout(s.socketTimeout());
        SdkHttpClient httpClient = s.skipVerify()
                ? http.buildWithDefaults(AttributeMap.builder()
                        .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true).build())
                : http.build();
        var builder = S3Client.builder()
                .httpClient(httpClient)
                .region(region(s))
                .credentialsProvider(credentials(s))
                .forcePathStyle(s.forcePathStyle())
                .dualstackEnabled(s.dualStack())
                .accelerate(s.accelerate())
                // Bodies as they are, with Content-Length, not in signed aws-chunked frames: the
                // driver's bodies can be read twice, so over plain HTTP the SDK hashes the payload
                // up front as the Go driver does, and over HTTPS sends it unsigned. S3-compatible
                // servers decode the frames slowly or not at all.
                .serviceConfiguration(c -> c.chunkedEncodingEnabled(false))
                // Checksums only where S3 requires them, as the Go driver does: S3-compatible
                // servers do not all understand the SDK's default trailing checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> {
                    o.retryStrategy(r -> r.maxAttempts(s.maxRetries() + 1));
                    s.userAgent().ifPresent(ua -> o.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, ua));
                });
        s.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    static S3Presigner presigner(S3Settings s) {
        var builder = S3Presigner.builder()
                .region(region(s))
                .credentialsProvider(credentials(s))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(s.forcePathStyle())
                        .dualstackEnabled(s.dualStack())
                        .accelerateModeEnabled(s.accelerate())
                        .build());
        s.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static Region region(S3Settings s) {
        if (s.region().isPresent()) {
            return Region.of(s.region().get());
        }
        if (s.endpoint().isPresent()) {
            return Region.US_EAST_1; // S3-compatible servers mostly ignore the region
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            return Region.US_EAST_1;
        }
    }

    private static AwsCredentialsProvider credentials(S3Settings s) {
        if (s.accessKey().isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(s.sessionToken().isPresent()
                ? AwsSessionCredentials.create(s.accessKey().get(), s.secretKey().orElseThrow(), s.sessionToken().get())
                : AwsBasicCredentials.create(s.accessKey().get(), s.secretKey().orElseThrow()));
    }
}
