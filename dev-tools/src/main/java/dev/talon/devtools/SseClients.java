package dev.talon.devtools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/** Many SSE clients on one route, each counting the events it got; asynchronous, no thread per stream. */
final class SseClients implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();
    private final List<Stream> streams = new ArrayList<>();

    /** Opens {@code count} streams; they connect in the background. */
    void open(URI uri, String apiKey, int count) {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + apiKey)
                .header("Accept", "text/event-stream").GET().build();
        for (int i = 0; i < count; i++) {
            Stream stream = new Stream();
            streams.add(stream);
            http.sendAsync(request, info -> {
                stream.status.set(info.statusCode());
                return HttpResponse.BodySubscribers.fromLineSubscriber(stream);
            }).exceptionally(failure -> {
                stream.status.compareAndSet(0, -1);
                return null;
            });
        }
    }

    /** Streams that got at least this many events. */
    int withEvents(int events) {
        return (int) streams.stream().filter(s -> s.events.get() >= events).count();
    }

    /** Streams answered with something other than 200, or not at all. */
    int refused() {
        return (int) streams.stream().filter(s -> s.status.get() != 0 && s.status.get() != 200).count();
    }

    @Override
    public void close() {
        streams.forEach(Stream::cancel);
        http.shutdownNow();
    }

    /** One stream: counts {@code event:} lines. */
    private static final class Stream implements Flow.Subscriber<String> {

        private final AtomicInteger status = new AtomicInteger();
        private final AtomicInteger events = new AtomicInteger();
        private volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("event:")) {
                events.incrementAndGet();
            }
        }

        @Override
        public void onError(Throwable failure) {
            // the stream is over; its count stays
        }

        @Override
        public void onComplete() {
            // the stream is over; its count stays
        }

        void cancel() {
            Flow.Subscription held = subscription;
            if (held != null) {
                held.cancel();
            }
        }
    }
}
