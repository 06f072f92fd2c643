package dev.talon.platform.events;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts each tenant's open streams and refuses one beyond the cap; exact under concurrent opens. */
final class StreamSlots {

    private final int maxPerTenant;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

    StreamSlots(int maxPerTenant) {
        this.maxPerTenant = maxPerTenant;
    }

    Optional<StreamSlot> reserve(String tenantId) {
        AtomicInteger count = open.computeIfAbsent(tenantId, id -> new AtomicInteger());
        while (true) {
            int now = count.get();
            if (now >= maxPerTenant) {
                return Optional.empty();
            }
            if (count.compareAndSet(now, now + 1)) {
                AtomicBoolean released = new AtomicBoolean();
                return Optional.of(() -> {
                    if (released.compareAndSet(false, true)) {
                        count.decrementAndGet();
                    }
                });
            }
        }
    }

    int open(String tenantId) {
        AtomicInteger count = open.get(tenantId);
        return count == null ? 0 : count.get();
    }

    int open() {
        return open.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
