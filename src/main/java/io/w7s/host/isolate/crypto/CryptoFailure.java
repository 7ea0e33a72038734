package io.w7s.host.isolate.crypto;

/** A failure with the WebCrypto {@code DOMException} name it must surface as. */
final class CryptoFailure extends RuntimeException {
    final String domName;

    CryptoFailure(String domName, String message) {
        super(message, null, false, false);
        this.domName = domName;
    }

    static CryptoFailure data(String message) {
        return new CryptoFailure("DataError", message);
    }

    static CryptoFailure operation(String message) {
        return new CryptoFailure("OperationError", message);
    }

    static CryptoFailure notSupported(String message) {
        return new CryptoFailure("NotSupportedError", message);
    }
}
