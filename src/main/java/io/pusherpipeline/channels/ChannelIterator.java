package io.pusherpipeline.channels;

import java.io.Closeable;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** Channels read one ahead of the caller, from a source that is closed when done with. */
public abstract class ChannelIterator implements Iterator<ChannelState>, Closeable {

    private ChannelState next;
    private boolean ended;

    /** The next channel, or null when there are no more. */
    protected abstract ChannelState read();

    @Override
    public abstract void close();

    @Override
    public final boolean hasNext() {
        if (next == null && !ended) {
            next = read();
            ended = next == null;
        }
        return next != null;
    }

    @Override
    public final ChannelState next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ChannelState channel = next;
        next = null;
        return channel;
    }
}
