package io.pusherpipeline.replicas;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of the locks this replica holds, told by Camel's cluster views: logged when it changes,
 * read by the readiness checks, and (file cluster) written beside each lock for {@code show}.
 */
public final class Locks implements CamelClusterEventListener.Leadership {

    private static final Logger LOG = LoggerFactory.getLogger("pusher.replicas");

    private final String replicaId;
    private final CamelClusterService service;
    private final HolderFiles holderFiles;
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final Set<String> snapshotLocks = ConcurrentHashMap.newKeySet();
    private final Map<String, CamelClusterView> views = new ConcurrentHashMap<>();
    private final Map<String, Instant> heldSince = new ConcurrentHashMap<>();
    private final List<Consumer<String>> onTaken = new CopyOnWriteArrayList<>();

    /** {@code holderFiles} null: the cluster service itself knows every holder (Kubernetes Leases). */
    public Locks(String replicaId, CamelClusterService service, HolderFiles holderFiles) {
        this.replicaId = replicaId;
        this.service = service;
        this.holderFiles = holderFiles;
    }

    public String replicaId() {
        return replicaId;
    }

    /** Follows the lock from now on (once per lock, whatever how often its routes are made again); {@code snapshots}: a snapshot route's. */
    void watch(String lock, boolean snapshots) {
        if (snapshots) {
            snapshotLocks.add(lock);
        }
        if (!watched.add(lock)) {
            return;
        }
        try {
            CamelClusterView view = service.getView(lock);
            views.put(lock, view);
            view.addEventListener(this);
        } catch (Exception e) {
            throw new RuntimeCamelException("Cannot follow the cluster lock " + lock, e);
        }
    }

    /** Runs {@code taken} with the lock's name each time this replica takes a lock. */
    public void whenTaken(Consumer<String> taken) {
        onTaken.add(taken);
    }

    @Override
    public void leadershipChanged(CamelClusterView view, CamelClusterMember holder) {
        String lock = view.getNamespace();
        Optional<CamelClusterMember> leader = Optional.ofNullable(holder);
        boolean local = leader.map(CamelClusterMember::isLocal).orElse(false);
        if (local && heldSince.putIfAbsent(lock, Instant.now()) == null) {
            LOG.info("Replica {} holds the lock {} now: {}", replicaId, lock, what(lock));
            if (holderFiles != null) {
                holderFiles.write(lock, replicaId, heldSince.get(lock));
            }
            onTaken.forEach(taken -> taken.accept(lock));
        } else if (!local && heldSince.remove(lock) != null) {
            LOG.info("Replica {} no longer holds the lock {}{}", replicaId, lock,
                    leader.map(other -> ": " + other.getId() + " does").orElse(""));
        }
    }

    /** Whether this replica holds the lock (a lock nobody watches, of a route without one, counts as held). */
    public boolean holds(String lock) {
        return !watched.contains(lock) || heldSince.containsKey(lock);
    }

    /** Since when this replica holds the lock, if it does. */
    public Optional<Instant> heldSince(String lock) {
        return Optional.ofNullable(heldSince.get(lock));
    }

    /** Each lock followed, by name, and who holds it as far as this replica can tell ("none" when no one). */
    public Map<String, String> holders() {
        Map<String, String> holders = new TreeMap<>();
        for (String lock : new ArrayList<>(watched)) {
            holders.put(lock, holder(lock));
        }
        return holders;
    }

    private String holder(String lock) {
        if (heldSince.containsKey(lock)) {
            return replicaId;
        }
        CamelClusterView view = views.get(lock);
        Optional<String> leader = view == null ? Optional.empty() : view.getLeader().map(CamelClusterMember::getId);
        if (leader.isEmpty() && holderFiles != null) {
            leader = holderFiles.liveHolder(lock).map(LockHolder::replica);
        }
        return leader.orElse("none");
    }

    private String what(String lock) {
        return snapshotLocks.contains(lock) ? "it takes the snapshots of route " + lock
                : "it publishes the files of the events inbox";
    }
}
