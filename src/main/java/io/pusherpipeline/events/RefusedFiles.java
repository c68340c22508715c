package io.pusherpipeline.events;

import io.pusherpipeline.ExchangeProperties;
import io.pusherpipeline.api.PusherApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes {@code {dir}/.error/{file}.reason.txt} for a refused file: what is wrong, where, and what to do. */
public final class RefusedFiles {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.events");

    private String dir = "./events";

    public void setDir(String dir) {
        this.dir = dir;
    }

    public void refuse(Exchange exchange) {
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = reason(file, failure, exchange.getProperty(ExchangeProperties.PUBLICATION, Publication.class));
        Path target = Path.of(dir, ".error", file + ".reason.txt");
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, reason, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
        LOG.warn("Refused {} -> {}/.error/ (reasons in {}):{}{}", file, dir, target.getFileName(), System.lineSeparator(), reason.strip());
    }

    static String reason(String file, Throwable failure, Publication publication) {
        String nl = System.lineSeparator();
        if (failure instanceof RefusedEventsException refused) {
            StringBuilder text = new StringBuilder(file + " was refused; none of its events was sent." + nl
                    + "Fix these and drop the file into the inbox again (write it under another name, then rename it to *.json):" + nl);
            refused.problems().forEach(p -> text.append("- ").append(p).append(nl));
            return text.toString();
        }
        PusherApiException api = (PusherApiException) failure;
        String advice = api.pusherStatus().refusedFileAdvice();
        int sent = publication == null ? 0 : (int) publication.outcomes().stream().filter(o -> o.get("http_status") != null).count();
        return file + " was refused by Pusher: HTTP " + api.status() + " from POST " + api.path() + "." + nl
                + "Pusher said: " + api.said() + nl
                + (advice.isEmpty() ? "" : advice + nl)
                + sent + " events of the file were accepted before that; dropping the corrected file again under the same name"
                + " sends only the events not accepted yet." + nl;
    }
}
