package io.pusherpipeline.storage;

/** A snapshot could not be written to, or recorded in, its destination. */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
