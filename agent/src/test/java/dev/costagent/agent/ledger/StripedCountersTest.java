package dev.costagent.agent.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StripedCountersTest {

    @Test
    void manyThreadsAddingAtOnceLoseNothing() throws Exception {
        StripedCounters c = new StripedCounters(3);
        int threads = 3 * StripedCounters.STRIPES + 1; // more threads than stripes: some share one
        int adds = 20_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long step = t + 1;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < adds; i++) {
                    int stripe = StripedCounters.stripe();
                    c.add(stripe, 0, 1);
                    c.add(stripe, 2, step);
                }
            });
            all.add(th);
            th.start();
        }
        for (Thread th : all) {
            th.join();
        }
        assertEquals((long) threads * adds, c.sum(0));
        assertEquals(0, c.sum(1));
        assertEquals((long) adds * threads * (threads + 1) / 2, c.sum(2));
    }

    @Test
    void threadsCreatedOneAfterAnotherGetTheirOwnStripes() throws Exception {
        AtomicInteger first = new AtomicInteger(-1);
        AtomicInteger second = new AtomicInteger(-1);
        Thread a = new Thread(() -> first.set(StripedCounters.stripe()));
        Thread b = new Thread(() -> second.set(StripedCounters.stripe()));
        a.start();
        b.start();
        a.join();
        b.join();
        assertNotEquals(first.get(), second.get());
    }

    @Test
    void stripesArePowersOfTwoFromEightToSixtyFour() {
        assertEquals(8, StripedCounters.stripes(1));
        assertEquals(8, StripedCounters.stripes(2));
        assertEquals(8, StripedCounters.stripes(4));
        assertEquals(16, StripedCounters.stripes(5));
        assertEquals(64, StripedCounters.stripes(256));
        assertThrows(IndexOutOfBoundsException.class, () -> new StripedCounters(2).sum(2));
        assertThrows(IllegalArgumentException.class, () -> new StripedCounters(17));
    }
}
