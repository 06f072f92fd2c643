package dev.talon.platform.budget;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.talon.api.Usage;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.tenant.Budget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Each tenant's LLM usage, durable on the shared data volume ({@code tenants/{tenant}/usage/ledger.json}), so every
 * worker and REST process that mounts the volume sees one ledger, and it survives restarts.
 *
 * <p>Every change is a read-modify-write under a lock for threads and a file lock for processes (as session files
 * are written), then an atomic replace through the tenant's {@link dev.talon.files.ConfinedTree}: a crash never
 * leaves half a ledger. Reservations and settlements are keyed by call ({@code {workflowId}#{step}}): reserving
 * again under a key is a no-op, settling it a second time too, so a retried LlmChat activity counts once.
 */
public final class UsageLedger {

    static final String FILE = "usage/ledger.json";
    /** Far above a year of entries; low enough for any heap. */
    static final long MAX_BYTES = 32L * 1024 * 1024;
    /** A reservation not settled by then belongs to a call that died (LlmChat times out after 5 minutes). */
    static final Duration RESERVATION_LIFETIME = Duration.ofMinutes(15);

    private final DataLayout layout;
    private final Clock clock;
    private final ObjectMapper json = JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    /** Per lock file and JVM: FileChannel locks do not exclude threads of one JVM, and overlap throws there. */
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    public UsageLedger(DataLayout layout, Clock clock) {
        this.layout = layout;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * Holds {@code tokens} and {@code cost} for the call {@code key}, unless it is held or settled already (a retry).
     *
     * @throws BudgetExhaustedException when usage plus live reservations already reach one of the limits
     */
    public void reserve(String tenant, Budget budget, String key, long tokens, BigDecimal cost) {
        update(tenant, state -> {
            Instant now = clock.instant();
            if (state.settled().containsKey(key) || state.reservations().containsKey(key)) {
                return null;
            }
            Optional<BudgetExhaustedException> over = over(tenant, budget, state, now, true);
            if (over.isPresent()) {
                throw over.get();
            }
            state.reservations().put(key, new Reservation(Period.DAY.key(now), now.toString(), tokens, cost));
            return null;
        });
    }

    /**
     * Books the call's real usage and drops its reservation.
     *
     * @return false when the call was settled before (a retry), and nothing was booked
     */
    public boolean settle(String tenant, String key, String model, Usage usage, BigDecimal cost) {
        return update(tenant, state -> {
            Instant now = clock.instant();
            state.reservations().remove(key);
            if (state.settled().containsKey(key)) {
                return false;
            }
            state.book(now, model, usage, cost);
            state.settled().put(key, Period.DAY.key(now));
            return true;
        });
    }

    /** Drops the reservation of a call that failed without usage; a retry reserves again. */
    public void release(String tenant, String key) {
        update(tenant, state -> state.reservations().remove(key));
    }

    /** The budget the tenant's settled usage has used up, if any: what refuses a new turn. */
    public Optional<BudgetExhaustedException> exhausted(String tenant, Budget budget) {
        if (!budget.limited()) {
            return Optional.empty();
        }
        LedgerState state = read(tenant);
        return over(tenant, budget, state, clock.instant(), false);
    }

    /** The tenant's ledger as stored now (written whole, so never half a change). */
    LedgerState read(String tenant) {
        if (!Files.isDirectory(layout.tenantDir(tenant))) {
            return LedgerState.empty();
        }
        try {
            Optional<byte[]> content = layout.tenantFiles(tenant).readIfRegularFile(FILE, MAX_BYTES);
            return content.isEmpty() ? LedgerState.empty() : json.readValue(content.get(), LedgerState.class);
        } catch (IOException e) {
            throw new IllegalStateException("the usage ledger of tenant '" + tenant + "' cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private <T> T update(String tenant, Function<LedgerState, T> change) {
        Path lockFile = layout.tenantDir(tenant).resolve("usage").resolve(".ledger.json.lock");
        ReentrantLock lock = LOCKS.computeIfAbsent(lockFile, f -> new ReentrantLock());
        lock.lock();
        // threads queue on the lock above, processes on the file lock
        try (FileChannel channel = openLockFile(tenant, lockFile); FileLock ignored = channel.lock()) {
            LedgerState state = read(tenant);
            state.prune(clock.instant(), RESERVATION_LIFETIME);
            T result = change.apply(state);
            layout.tenantFiles(tenant).write(FILE, json.writeValueAsBytes(state));
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot update the usage ledger of tenant '" + tenant
                    + "': " + e.getMessage(), e));
        } finally {
            lock.unlock();
        }
    }

    private FileChannel openLockFile(String tenant, Path lockFile) throws IOException {
        layout.workspace(tenant); // creates the tenant's folder owner-only, as every other writer does
        Files.createDirectories(lockFile.getParent());
        return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    /**
     * The budget reached by usage (plus live reservations, when asked), if any; of several, the one that resets
     * last, so a client told to come back then finds every budget open again.
     */
    private static Optional<BudgetExhaustedException> over(String tenant, Budget budget, LedgerState state,
                                                           Instant now, boolean withReservations) {
        BudgetExhaustedException latest = null;
        for (Period period : Period.values()) {
            String key = period.key(now);
            ModelUsage used = state.total(period, key);
            if (withReservations) {
                used = used.plus(state.reserved(period, key));
            }
            Long tokenLimit = period == Period.DAY ? budget.tokensPerDay() : budget.tokensPerMonth();
            BigDecimal costLimit = period == Period.DAY ? budget.costPerDayUsd() : budget.costPerMonthUsd();
            String what = null;
            if (tokenLimit != null && used.tokens() >= tokenLimit) {
                what = period.adjective() + " token budget (" + tokenLimit + " tokens)";
            } else if (costLimit != null && used.costUsd().compareTo(costLimit) >= 0) {
                what = period.adjective() + " cost budget (" + costLimit.toPlainString() + " USD)";
            }
            if (what != null) {
                latest = new BudgetExhaustedException(tenant, what, period.resetsAt(now));
            }
        }
        return Optional.ofNullable(latest);
    }
}
