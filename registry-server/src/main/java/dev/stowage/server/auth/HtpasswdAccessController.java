package dev.stowage.server.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Go 2.8's {@code htpasswd} access controller; see {@link AccessControllers#htpasswd} for the contract.
 * Each request stats the file; when its modification time differs from the loaded one it is read again.
 */
final class HtpasswdAccessController implements AccessController {

    private static final Logger LOG = LoggerFactory.getLogger(HtpasswdAccessController.class);
    static final String DEFAULT_USER = "docker";

    private final String realm;
    private final Path path;
    private final String challengeHeader;
    private final Object lock = new Object();
    private FileTime loadedModified; // guarded by lock
    private HtpasswdFile loaded; // guarded by lock; null until a good read

    private HtpasswdAccessController(String realm, Path path) {
        this.realm = realm;
        this.path = path;
        this.challengeHeader = "Basic realm=" + Quoting.quote(realm);
    }

    static HtpasswdAccessController create(HtpasswdSettings settings) {
        Path path = settings.path();
        HtpasswdAccessController controller = new HtpasswdAccessController(settings.realm(), path);
        if (!Files.exists(path)) {
            provision(path);
        }
        if (Files.isDirectory(path)) {
            LOG.warn("htpasswd path {} is a directory, not a file: no user can log in; requests with credentials"
                    + " get 400, as the Go registry does", path);
            return controller;
        }
        FileTime modified;
        byte[] content;
        try {
            modified = Files.getLastModifiedTime(path);
            content = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new AuthConfigurationException("htpasswd file " + path + " cannot be read: " + describe(e), e);
        }
        try {
            controller.loaded = HtpasswdFile.parse(content);
            controller.loadedModified = modified;
        } catch (HtpasswdFile.MalformedLineException e) {
            throw new AuthConfigurationException("htpasswd file " + path + ": " + e.getMessage(), e);
        }
        LOG.info("htpasswd file {}: {} entries, realm \"{}\"", path, controller.loaded.size(), settings.realm());
        return controller;
    }

    /** Go's {@code createHtpasswdFile}: user {@code docker} with a random password, logged. */
    private static void provision(Path path) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String line = DEFAULT_USER + ":" + HtpasswdFile.bcrypt("2a", password.getBytes(StandardCharsets.UTF_8), 10);
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                try {
                    Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectories(parent);
                }
            }
            try {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(path);
            } catch (FileAlreadyExistsException e) {
                return; // created meanwhile by someone else; use theirs
            }
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.WRITE)) {
                out.write(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new AuthConfigurationException("htpasswd file " + path + " is missing and cannot be created: "
                    + describe(e), e);
        }
        LOG.warn("htpasswd is missing, provisioning with default user: created {} with user={} password={}",
                path, DEFAULT_USER, password);
    }

    @Override
    public Decision authorize(Optional<String> authorizationHeader, List<Access> required) {
        Optional<BasicCredentials> credentials = BasicCredentials.parse(authorizationHeader);
        if (credentials.isEmpty()) {
            return challenge(required, "invalid authorization credential");
        }
        HtpasswdFile file;
        try {
            file = current();
        } catch (IOException e) {
            return new Decision.Failure(400, "htpasswd file " + path + ": " + describe(e));
        }
        if (file == null) {
            return new Decision.Failure(400, "htpasswd file " + path + " has no usable entries (see earlier errors)");
        }
        BasicCredentials c = credentials.get();
        if (!file.authenticate(c.user(), c.password())) {
            return challenge(required, "authentication failure for user \"" + c.user() + "\"");
        }
        return new Decision.Granted(c.user());
    }

    /** The entries of the file as it is now, read again if it changed; null if never read well. */
    private HtpasswdFile current() throws IOException {
        if (Files.isDirectory(path)) {
            throw new IOException("read " + path + ": is a directory");
        }
        FileTime modified = Files.getLastModifiedTime(path);
        synchronized (lock) {
            if (loaded == null || !modified.equals(loadedModified)) {
                loadedModified = modified;
                try {
                    loaded = HtpasswdFile.parse(Files.readAllBytes(path));
                    LOG.info("htpasswd file {} changed, re-read: {} entries", path, loaded.size());
                } catch (HtpasswdFile.MalformedLineException e) {
                    LOG.error("htpasswd file {} changed but is malformed, {}; keeping the entries read before", path,
                            e.getMessage());
                }
            }
            return loaded;
        }
    }

    private Decision challenge(List<Access> required, String why) {
        return Decision.Challenge.unauthorized(challengeHeader, required,
                "basic authentication challenge for realm \"" + realm + "\": " + why);
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    @Override
    public String toString() {
        return "AccessController(htpasswd " + path + ")";
    }
}
