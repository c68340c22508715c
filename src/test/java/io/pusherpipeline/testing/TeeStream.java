package io.pusherpipeline.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/** Writes to the real stderr (or any stream) and to a captured log, which a test then reads. */
public final class TeeStream extends OutputStream {

    private final PrintStream first;
    private final ByteArrayOutputStream second;

    public TeeStream(PrintStream first, ByteArrayOutputStream second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public synchronized void write(int b) {
        first.write(b);
        second.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        first.write(b, off, len);
        second.write(b, off, len);
    }
}
