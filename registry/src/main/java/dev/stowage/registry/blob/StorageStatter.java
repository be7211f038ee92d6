package dev.stowage.registry.blob;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.registry.BlobUnknownException;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.layout.Layout;
import java.io.IOException;

/** Stats a blob's data in storage, as the Go registry does: one {@code stat}, octet-stream. */
record StorageStatter(StorageDriver driver) implements BlobStatter {

    @Override
    public Descriptor stat(Digest digest) throws IOException {
        String path = Layout.blobData(digest);
        FileInfo info;
        try {
            info = driver.stat(path);
        } catch (PathNotFoundException e) {
            throw new BlobUnknownException("blob " + digest + " is not in the registry", e);
        }
        if (info.isDirectory()) {
            throw new BlobUnknownException("blob " + digest + " is not in the registry (" + path + " is a directory)");
        }
        return Descriptor.of(Descriptor.DEFAULT_MEDIA_TYPE, digest, info.size());
    }
}
