package org.race.analysis;

import java.util.AbstractCollection;
import java.util.BitSet;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The tasks that can delay one task on its node, in the node's order: a run of the node's tasks shared by every
 * task of the same priority and period, less the places marked in {@code skip} (the task itself, and its own
 * chain when precedence holds). A list per task would hold 10^8 entries for 10,000 components on one node.
 */
final class Ahead extends AbstractCollection<Task> {
    private final Task[] run;
    private final BitSet skip;
    private final int size;

    Ahead(Task[] run, BitSet skip) {
        this.run = run;
        this.skip = skip;
        this.size = run.length - skip.cardinality();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Iterator<Task> iterator() {
        return new Iterator<>() {
            private int next = skip.nextClearBit(0);

            @Override
            public boolean hasNext() {
                return next < run.length;
            }

            @Override
            public Task next() {
                if (next >= run.length) throw new NoSuchElementException();
                Task t = run[next];
                next = skip.nextClearBit(next + 1);
                return t;
            }
        };
    }
}
