package dev.stowage.driver.s3;

/** The cases of {@link S3DriverBehaviourTest} on S3Proxy, the second S3 server. */
class S3ProxyDriverBehaviourTest extends S3DriverBehaviourTest {

    @Override
    S3TestServer server() {
        return S3TestServer.S3PROXY;
    }
}
