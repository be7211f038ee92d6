package dev.stowage.driver.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.blob.specialized.BlobClientBase;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import dev.stowage.driver.InvalidParameterException;
import java.time.Clock;
import java.util.List;

/** Builds the SDK clients for one driver from its settings, and the SAS signer its credentials allow. */
final class AzureClients {

    /** Signs a read-only SAS for one blob. */
    interface SasSigner {
        String sign(BlobClientBase blob, BlobServiceSasSignatureValues values);
    }

    final BlobContainerClient container;
    /** The same container through the async client, for streamed downloads. */
    final BlobContainerAsyncClient asyncContainer;
    /** Null when the credentials cannot sign (a connection string without an account key). */
    final SasSigner signer;

    private AzureClients(BlobContainerClient container, BlobContainerAsyncClient asyncContainer, SasSigner signer) {
        this.container = container;
        this.asyncContainer = asyncContainer;
        this.signer = signer;
    }

    static AzureClients build(AzureSettings s, List<HttpPipelinePolicy> extraPolicies) throws InvalidParameterException {
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, s.maxRetries() + 1,
                        s.retryTryTimeout(), s.retryDelay(), s.maxRetryDelay(), null));
        extraPolicies.forEach(builder::addPolicy);
        SasSigner signer;
        switch (s.credentialsType()) {
            case SHARED_KEY -> {
                builder.endpoint(s.serviceUrl()).credential(new StorageSharedKeyCredential(s.accountName(), s.accountKey()));
                signer = BlobClientBase::generateSas;
            }
            case CONNECTION_STRING -> {
                try {
                    builder.connectionString(s.connectionString());
                } catch (IllegalArgumentException e) {
                    throw new InvalidParameterException(AzureDriverFactory.NAME, AzureSettings.CONNECTION_STRING,
                            "not a usable storage connection string: " + e.getMessage());
                }
                if (s.serviceUrl() != null) {
                    builder.endpoint(s.serviceUrl());
                }
                signer = hasAccountKey(s.connectionString()) ? BlobClientBase::generateSas : null;
            }
            case CLIENT_SECRET -> {
                TokenCredential credential = new ClientSecretCredentialBuilder()
                        .tenantId(s.tenantId()).clientId(s.clientId()).clientSecret(s.secret()).build();
                builder.endpoint(s.serviceUrl()).credential(credential);
                signer = null;
            }
            case DEFAULT_CREDENTIALS -> {
                builder.endpoint(s.serviceUrl()).credential(new DefaultAzureCredentialBuilder().build());
                signer = null;
            }
            default -> throw new IllegalStateException(s.credentialsType().toString());
        }
        BlobServiceClient service;
        BlobContainerAsyncClient asyncContainer;
        try {
            service = builder.buildClient();
            asyncContainer = builder.buildAsyncClient().getBlobContainerAsyncClient(s.container());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidParameterException(AzureDriverFactory.NAME, null, "cannot build the blob client: " + e.getMessage());
        }
        if (signer == null && s.credentialsType() != AzureSettings.CredentialsType.CONNECTION_STRING) {
            signer = userDelegationSigner(service);
        }
        return new AzureClients(service.getBlobContainerClient(s.container()), asyncContainer, signer);
    }

    /** Token credentials sign with a user delegation key, fetched once and reused while it lasts. */
    private static SasSigner userDelegationSigner(BlobServiceClient service) {
        DelegationKeys keys = new DelegationKeys(service::getUserDelegationKey, Clock.systemUTC());
        return (blob, values) -> blob.generateUserDelegationSas(values, keys.keyFor(values.getExpiryTime()));
    }

    private static boolean hasAccountKey(String connectionString) {
        for (String part : connectionString.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase("AccountKey") && eq < part.trim().length() - 1) {
                return true;
            }
            if (part.trim().equalsIgnoreCase("UseDevelopmentStorage=true")) {
                return true;
            }
        }
        return false;
    }
}
