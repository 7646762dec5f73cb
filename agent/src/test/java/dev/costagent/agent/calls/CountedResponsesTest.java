package dev.costagent.agent.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class CountedResponsesTest {

    @Test
    void aResponseIsNewOnceAndThenKnown() {
        CountedResponses counted = new CountedResponses();
        Object response = new Object();
        assertFalse(counted.contains(response));
        assertTrue(counted.add(response));
        assertTrue(counted.contains(response));
        assertFalse(counted.add(response));
        assertTrue(counted.contains(response));
    }

    @Test
    void equalButDistinctResponsesAreTwoResponses() {
        CountedResponses counted = new CountedResponses();
        List<String> a = List.of("same");
        List<String> b = new ArrayList<>(a);
        assertTrue(counted.add(a));
        assertFalse(counted.contains(b));
        assertTrue(counted.add(b));
    }

    @Test
    void aResponseInASlotTakenLaterIsForgottenAndTheTableStaysBounded() {
        CountedResponses counted = new CountedResponses();
        Object first = new Object();
        int slot = CountedResponses.index(System.identityHashCode(first));
        assertTrue(counted.add(first));
        List<Object> kept = new ArrayList<>();
        Object sameSlot;
        do {
            sameSlot = new Object();
            kept.add(sameSlot);
        } while (CountedResponses.index(System.identityHashCode(sameSlot)) != slot);
        for (Object o : kept) {
            counted.add(o);
        }
        assertTrue(counted.contains(sameSlot));
        assertFalse(counted.contains(first));
        assertTrue(counted.add(first));
        assertTrue(counted.size() <= CountedResponses.SLOTS);
    }

    /**
     * Threads add the same responses at once, in different orders, so that writers meet on slots: each response is
     * new to exactly one of them. The responses of the rounds between two barriers have distinct slots, so none
     * evicts another while threads are in the same stretch.
     */
    @Test
    void concurrentAddsOfTheSameResponseAreNewExactlyOnce() throws Exception {
        CountedResponses counted = new CountedResponses();
        int threads = 4;
        int perRound = 16;
        int rounds = 3_000;
        Object[][] responses = new Object[rounds][perRound];
        Set<Integer> slots = new HashSet<>();
        for (int r = 0; r < rounds; r++) {
            Object[] round = responses[r];
            if (r % 100 == 0) {
                slots.clear();
            }
            for (int k = 0; k < perRound; k++) {
                Object o;
                do {
                    o = new Object();
                } while (!slots.add(CountedResponses.index(System.identityHashCode(o))));
                round[k] = o;
            }
        }
        AtomicIntegerArray news = new AtomicIntegerArray(rounds * perRound);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread worker = new Thread(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        if (r % 100 == 0) {
                            start.await();
                        }
                        for (int k = 0; k < perRound; k++) {
                            int j = (k + offset * 5) % perRound;
                            if (counted.add(responses[r][j])) {
                                news.incrementAndGet(r * perRound + j);
                            }
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(List.of(), failures);
        for (int i = 0; i < news.length(); i++) {
            assertEquals(1, news.get(i), "response " + i + " was new to this many threads");
        }
    }
}
